using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MathCritique.Problems;

/// <summary>
/// Problems as JSON Lines, one object per line:
/// <c>{"id", "question", "answer", "solution"?, "level"?, "source"?, "metadata"?: {string: string}}</c>.
/// Reading fails on the first bad line with a <see cref="FormatException"/> naming the file and line.
/// </summary>
public static class ProblemFile
{
    // Questions are read by people too: keep "+", quotes and non-ASCII text as they are.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJsonLine(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var json = new JsonObject
        {
            ["id"] = problem.Id,
            ["question"] = problem.Question,
            ["answer"] = problem.ReferenceAnswer,
        };
        if (problem.ReferenceSolution is not null)
            json["solution"] = problem.ReferenceSolution;
        if (problem.Level is { } level)
            json["level"] = level;
        if (problem.Source.Length > 0)
            json["source"] = problem.Source;
        if (problem.Metadata.Count > 0)
        {
            var metadata = new JsonObject();
            foreach (var (key, value) in problem.Metadata)
                metadata[key] = value;
            json["metadata"] = metadata;
        }
        return json.ToJsonString(Readable);
    }

    public static async Task WriteAsync(TextWriter writer, IEnumerable<Problem> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var problem in problems)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(ToJsonLine(problem)).ConfigureAwait(false);
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteAsync(string path, IEnumerable<Problem> problems, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        await WriteAsync(writer, problems, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<Problem>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return await ReadAsync(reader, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every problem; blank lines are skipped; ids must be unique.</summary>
    public static async Task<IReadOnlyList<Problem>> ReadAsync(TextReader reader, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<Problem>();
        var lineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var problem = ParseLine(line, sourceName, lineNumber);
            if (!lineOfId.TryAdd(problem.Id, lineNumber))
                throw new FormatException($"{sourceName}:{lineNumber}: duplicate id '{problem.Id}' (first on line {lineOfId[problem.Id]})");
            problems.Add(problem);
        }
        return problems;
    }

    public static Problem ParseLine(string line, string sourceName, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var json = JsonLines.ParseObject(line, sourceName, lineNumber);
        string Where() => $"{sourceName}:{lineNumber}";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json["metadata"] is { } node)
        {
            if (node is not JsonObject metadataObject)
                throw new FormatException($"{Where()}: 'metadata' must be an object of strings");
            foreach (var (key, value) in metadataObject)
            {
                metadata[key] = value is JsonValue v && v.TryGetValue<string>(out var s)
                    ? s
                    : throw new FormatException($"{Where()}: metadata '{key}' must be a string");
            }
        }
        return new Problem(
            JsonLines.RequiredString(json, "id", sourceName, lineNumber),
            JsonLines.RequiredString(json, "question", sourceName, lineNumber),
            JsonLines.RequiredString(json, "answer", sourceName, lineNumber),
            JsonLines.OptionalString(json, "solution", sourceName, lineNumber),
            JsonLines.OptionalInt(json, "level", sourceName, lineNumber),
            JsonLines.OptionalString(json, "source", sourceName, lineNumber) ?? "")
        {
            Metadata = metadata,
        };
    }
}
