using System.Text.Json;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// Reads step-labelled solutions from JSON Lines or a JSON array, each record in one of two layouts:
/// <list type="bullet">
/// <item>ProcessBench's: <c>id</c>, <c>problem</c>, <c>steps</c> (strings), <c>label</c> (0-based first wrong step, or
/// -1), optional <c>generator</c>, <c>final_answer_correct</c>, <c>subset</c> and <c>label_source</c> (ours: how the
/// label is known);</item>
/// <item>PRM800K's: <c>question.problem</c> and <c>label.steps[]</c>, each step's <c>completions[]</c> rated -1/0/+1 and
/// the one taken named by <c>chosen_completion</c>; the label is the first step taken that is rated -1.</item>
/// </list>
/// A record's subset is its <c>subset</c> field, else its file's name without extension (ProcessBench ships one file per
/// subset: gsm8k.json, math.json, …). Bad input ends in an <see cref="InvalidDataException"/> naming file and line.
/// </summary>
public static class StepLabeledDataReader
{
    private const string ProcessBenchFields = "ProcessBench's layout: id, problem, steps, label";

    public static async Task<StepLabeledData> ReadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var solutions = new List<StepLabeledSolution>();
        var skipped = new List<string>();
        var seen = new Dictionary<(string Subset, string Id), string>();
        foreach (var path in paths)
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            string fileSubset = Path.GetFileNameWithoutExtension(path);
            foreach (var (line, record) in Records(path, bytes))
            {
                string where = $"{path}:{line}";
                var solution = record.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Object
                    ? ReadPrm800k(record, label, where, fileSubset, line, out string? why)
                    : ReadProcessBench(record, where, fileSubset, out why);
                if (solution is null)
                {
                    skipped.Add($"{where}: {why}");
                    continue;
                }
                if (!seen.TryAdd((solution.Subset, solution.Id), where))
                    throw Bad(where, $"id \"{solution.Id}\" of subset {solution.Subset} is also at {seen[(solution.Subset, solution.Id)]}");
                solutions.Add(solution);
            }
        }
        return new StepLabeledData(solutions, skipped);
    }

    /// <summary>Each record with its 1-based line: a JSON array's objects, or JSON Lines' non-blank lines.</summary>
    private static List<(int Line, JsonElement Record)> Records(string path, byte[] bytes)
    {
        int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        int first = start;
        while (first < bytes.Length && bytes[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            first++;
        return first < bytes.Length && bytes[first] == (byte)'['
            ? ArrayRecords(path, bytes, start)
            : LineRecords(path, bytes, start);
    }

    private static List<(int, JsonElement)> LineRecords(string path, byte[] bytes, int start)
    {
        var records = new List<(int, JsonElement)>();
        int line = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
                end = bytes.Length;
            line++;
            var text = bytes.AsMemory(start, end - start);
            start = end + 1;
            if (text.Span.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r']).IsEmpty)
                continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                records.Add((line, AsObject(document.RootElement.Clone(), $"{path}:{line}")));
            }
            catch (JsonException e)
            {
                throw Bad($"{path}:{line}", $"malformed JSON ({e.Message})", e);
            }
        }
        return records;
    }

    private static List<(int, JsonElement)> ArrayRecords(string path, byte[] bytes, int start)
    {
        var records = new List<(int, JsonElement)>();
        var reader = new Utf8JsonReader(bytes.AsSpan(start));
        int line = 1;
        long counted = 0;
        try
        {
            reader.Read(); // the array's '['
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // Lines are counted up to each record's first byte, once over the file.
                line += bytes.AsSpan(start + (int)counted, (int)(reader.TokenStartIndex - counted)).Count((byte)'\n');
                counted = reader.TokenStartIndex;
                using var document = JsonDocument.ParseValue(ref reader);
                records.Add((line, AsObject(document.RootElement.Clone(), $"{path}:{line}")));
            }
        }
        catch (JsonException e)
        {
            throw Bad($"{path}:{(e.LineNumber ?? 0) + 1}", $"malformed JSON ({e.Message})", e);
        }
        return records;
    }

    private static JsonElement AsObject(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Bad(where, $"a record must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}");

    private static StepLabeledSolution ReadProcessBench(JsonElement record, string where, string fileSubset, out string? skipped)
    {
        skipped = null;
        string id = Id(record, where) ?? throw Missing(where, "id", ProcessBenchFields);
        string problem = OptionalString(record, "problem", where) ?? throw Missing(where, "problem", ProcessBenchFields);
        if (!record.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind == JsonValueKind.Null)
            throw Missing(where, "steps", ProcessBenchFields);
        if (stepsElement.ValueKind != JsonValueKind.Array)
            throw Bad(where, "\"steps\" must be a list of strings");
        var steps = stepsElement.EnumerateArray().Select((s, i) => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Bad(where, $"steps[{i}] is not a string")).ToArray();
        if (steps.Length == 0)
            throw Bad(where, "\"steps\" is empty");
        int label = OptionalInt(record, "label", where) ?? throw Missing(where, "label", ProcessBenchFields);
        if (label < -1 || label >= steps.Length)
            throw Bad(where, $"label {label} is out of range (-1 for no wrong step, else 0 to {steps.Length - 1} for {steps.Length} steps)");
        return new StepLabeledSolution(id, OptionalString(record, "subset", where) ?? fileSubset, problem, steps, label)
        {
            Generator = OptionalString(record, "generator", where),
            FinalAnswerCorrect = OptionalBool(record, "final_answer_correct", where),
            LabelSource = OptionalString(record, "label_source", where),
            Source = where,
        };
    }

    /// <summary>
    /// A PRM800K trajectory: each step is the completion chosen there (<c>chosen_completion</c>); where none was chosen,
    /// the labeller found every alternative wrong or stopped, so the step is the first completion rated -1, else the
    /// human's, else the first. The trajectory ends at its first step rated -1 (phase 2 stops labelling there); one
    /// whose labelling ended otherwise than with a solution (give_up, bad_problem) before a wrong step is skipped,
    /// since whether its steps are right is not known.
    /// </summary>
    private static StepLabeledSolution? ReadPrm800k(JsonElement record, JsonElement label, string where, string fileSubset, int line, out string? skipped)
    {
        skipped = null;
        const string Layout = "PRM800K's layout: question.problem, label.steps";
        if (!record.TryGetProperty("question", out var question) || question.ValueKind != JsonValueKind.Object)
            throw Missing(where, "question", Layout);
        string problem = OptionalString(question, "problem", where) ?? throw Missing(where, "question.problem", Layout);
        if (!label.TryGetProperty("steps", out var labelSteps) || labelSteps.ValueKind != JsonValueKind.Array)
            throw Missing(where, "label.steps", Layout);
        var steps = new List<string>();
        int firstWrong = -1;
        foreach (var step in labelSteps.EnumerateArray())
        {
            string at = $"label.steps[{steps.Count}]";
            var completions = step.TryGetProperty("completions", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray().ToArray() : [];
            int? chosen = OptionalInt(step, "chosen_completion", where);
            JsonElement? taken = chosen is int k
                ? k >= 0 && k < completions.Length ? completions[k] : throw Bad(where, $"{at}.chosen_completion {k} is out of range ({completions.Length} completions)")
                : completions.Cast<JsonElement?>().FirstOrDefault(x => Rating(x!.Value, where, at) == -1);
            string? text = taken is { } t ? OptionalString(t, "text", where)
                : HumanCompletion(step, where) ?? (completions.Length > 0 ? OptionalString(completions[0], "text", where) : null);
            steps.Add(text ?? throw Bad(where, $"{at} has no completion with a text"));
            if (taken is { } rated && Rating(rated, where, at) == -1)
            {
                firstWrong = steps.Count - 1;
                break;
            }
        }
        string? finish = OptionalString(label, "finish_reason", where);
        if (steps.Count == 0)
            skipped = "no labelled steps";
        else if (firstWrong < 0 && finish is not null && finish != "solution")
            skipped = $"labelling ended with {finish} before a step rated -1";
        if (skipped is not null)
            return null;
        return new StepLabeledSolution(Id(record, where) ?? $"{fileSubset}-{line}", OptionalString(record, "subset", where) ?? fileSubset, problem, steps, firstWrong)
        {
            Source = where,
        };
    }

    private static int? Rating(JsonElement completion, string where, string at)
    {
        int? rating = OptionalInt(completion, "rating", where);
        return rating is < -1 or > 1 ? throw Bad(where, $"{at}: rating {rating} is not -1, 0 or 1") : rating;
    }

    // PRM800K's human_completion: null, a string, or an object with a text.
    private static string? HumanCompletion(JsonElement step, string where) =>
        step.TryGetProperty("human_completion", out var human) ? human.ValueKind switch
        {
            JsonValueKind.String => human.GetString(),
            JsonValueKind.Object => OptionalString(human, "text", where),
            _ => null,
        } : null;

    private static string? Id(JsonElement record, string where) =>
        record.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetRawText() : OptionalString(record, "id", where);

    private static string? OptionalString(JsonElement record, string name, string where) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Bad(where, $"\"{name}\" must be a string");

    private static int? OptionalInt(JsonElement record, string name, string where) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n
        : throw Bad(where, $"\"{name}\" must be an integer");

    private static bool? OptionalBool(JsonElement record, string name, string where) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Bad(where, $"\"{name}\" must be true or false");

    private static InvalidDataException Missing(string where, string field, string layout) => Bad(where, $"missing field \"{field}\" ({layout})");

    private static InvalidDataException Bad(string where, string message, Exception? inner = null) => new($"{where}: {message}", inner);
}
