using System.Text.Json;

namespace MathCritique.Training;

/// <summary>
/// Reads SFT data as JSON Lines: one <c>{"prompt": "...", "completion": "..."}</c> object per line, with an optional
/// <c>"system"</c> string and <c>"history"</c> of earlier exchanges as <c>[["prompt", "completion"], ...]</c> (Alpaca's
/// layout; <see cref="SftDatasetExporter"/> writes the same), and <c>"unscored"</c> spans of the completion without loss as
/// <c>[[start, length], ...]</c> (UTF-16 characters; <see cref="SftExample.Unscored"/>).
/// </summary>
public static class SftJsonl
{
    /// <param name="requireCompletion">False to read prompts alone (a missing completion reads as empty).</param>
    public static async Task<List<SftExample>> ReadAsync(string path, CancellationToken cancellationToken = default, bool requireCompletion = true) =>
        (await ReadWithLinesAsync(path, cancellationToken, requireCompletion).ConfigureAwait(false)).Select(e => e.Example).ToList();

    /// <summary>Each example with the line it was read from, for callers that copy other fields through.</summary>
    public static async Task<List<(SftExample Example, string Line)>> ReadWithLinesAsync(string path, CancellationToken cancellationToken = default, bool requireCompletion = true)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        var examples = new List<(SftExample, string)>();
        int lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            examples.Add((Parse(line, $"{path}:{lineNumber}", requireCompletion), line));
        }
        if (examples.Count == 0)
            throw new InvalidDataException($"{path}: no examples");
        return examples;
    }

    private static SftExample Parse(string line, string where, bool requireCompletion)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where}: expected a JSON object with \"prompt\"{(requireCompletion ? " and \"completion\"" : "")}");
            var root = document.RootElement;
            string completion = requireCompletion || root.TryGetProperty("completion", out _) ? Field(root, "completion", where) : "";
            return new SftExample(Field(root, "prompt", where), completion)
            {
                // An empty system prompt is none, as the exporter writes it for examples without one.
                System = root.TryGetProperty("system", out _) && Field(root, "system", where) is { Length: > 0 } system ? system : null,
                History = root.TryGetProperty("history", out var history) ? History(history, where) : [],
                Unscored = root.TryGetProperty("unscored", out var unscored) ? Unscored(unscored, where) : [],
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: malformed JSON ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }

    private static string Field(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: missing string field \"{name}\"");

    private static SftTurn[] History(JsonElement history, string where)
    {
        static bool IsPair(JsonElement turn) =>
            turn.ValueKind == JsonValueKind.Array && turn.GetArrayLength() == 2 && turn.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String);
        if (history.ValueKind != JsonValueKind.Array || !history.EnumerateArray().All(IsPair))
            throw new InvalidDataException($"{where}: \"history\" must be a list of [\"prompt\", \"completion\"] pairs");
        return history.EnumerateArray().Select(t => new SftTurn(t[0].GetString()!, t[1].GetString()!)).ToArray();
    }

    private static CompletionSpan[] Unscored(JsonElement spans, string where)
    {
        static bool IsSpan(JsonElement span) =>
            span.ValueKind == JsonValueKind.Array && span.GetArrayLength() == 2 && span.EnumerateArray().All(n => n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out _));
        if (spans.ValueKind != JsonValueKind.Array || !spans.EnumerateArray().All(IsSpan))
            throw new InvalidDataException($"{where}: \"unscored\" must be a list of [start, length] pairs of integers");
        return spans.EnumerateArray().Select(s => new CompletionSpan(s[0].GetInt32(), s[1].GetInt32())).ToArray();
    }
}
