using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MathCritique.Grading;

namespace MathCritique.Problems;

/// <summary>
/// Reads MATH problems (<c>{"problem", "solution", "level": "Level 3", "type": "Algebra"}</c>) from JSON Lines, or from
/// a JSON file holding one object or an array of them. The answer is the <c>answer</c> field when present (MATH-500),
/// otherwise the last <c>\boxed{}</c> of the solution; <c>type</c> becomes metadata <c>subject</c>.
/// </summary>
public static class MathDatasetLoader
{
    public const string Source = "math";
    public const string SubjectKey = "subject";

    public static async Task<IReadOnlyList<Problem>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            return await ReadJsonLinesAsync(reader, path, stem, cancellationToken).ConfigureAwait(false);
        return ReadJson(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), path, stem);
    }

    public static async Task<IReadOnlyList<Problem>> ReadJsonLinesAsync(TextReader reader, string sourceName, string idPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<Problem>();
        await foreach (var (json, lineNumber) in JsonLines.ReadObjectsAsync(reader, sourceName, cancellationToken).ConfigureAwait(false))
            problems.Add(FromObject(json, sourceName, lineNumber, $"math-{idPrefix}-{problems.Count}"));
        return problems;
    }

    /// <summary>A JSON object or array of objects; errors name the array element as "item N" (from 1) in place of a line.</summary>
    public static IReadOnlyList<Problem> ReadJson(string text, string sourceName, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{sourceName}:{e.LineNumber + 1}: malformed JSON ({e.Message})", e);
        }
        if (node is JsonObject single)
            return [FromObject(single, sourceName, 1, $"math-{idPrefix}")];
        if (node is not JsonArray array)
            throw new FormatException($"{sourceName}: expected a JSON object or an array of objects");
        var problems = new List<Problem>();
        for (int i = 0; i < array.Count; i++)
        {
            var item = array[i] as JsonObject ?? throw new FormatException($"{sourceName}: item {i + 1}: expected a JSON object");
            problems.Add(FromObject(item, $"{sourceName} item", i + 1, $"math-{idPrefix}-{i}"));
        }
        return problems;
    }

    private static Problem FromObject(JsonObject json, string sourceName, int lineNumber, string defaultId)
    {
        var question = JsonLines.RequiredString(json, "problem", sourceName, lineNumber);
        var solution = JsonLines.RequiredString(json, "solution", sourceName, lineNumber);
        var answer = JsonLines.OptionalString(json, "answer", sourceName, lineNumber) ?? AnswerExtractor.LastBoxed(solution)
            ?? throw new FormatException($"{sourceName}:{lineNumber}: no 'answer' field and no \\boxed answer in 'solution'");
        var id = JsonLines.OptionalString(json, "unique_id", sourceName, lineNumber) ?? JsonLines.OptionalString(json, "id", sourceName, lineNumber) ?? defaultId;
        var subject = JsonLines.OptionalString(json, "type", sourceName, lineNumber) ?? JsonLines.OptionalString(json, "subject", sourceName, lineNumber);
        return new Problem(id, question, answer.Trim(), solution, ParseLevel(json["level"], sourceName, lineNumber), Source)
        {
            Metadata = subject is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [SubjectKey] = subject },
        };
    }

    /// <summary>"Level 3" or 3 → 3; "Level ?" → null.</summary>
    private static int? ParseLevel(JsonNode? level, string sourceName, int lineNumber)
    {
        if (level is null)
            return null;
        if (level is JsonValue v && v.TryGetValue<int>(out var n))
            return n;
        if (level is JsonValue s && s.TryGetValue<string>(out var text))
        {
            var digits = text.Trim().StartsWith("Level", StringComparison.OrdinalIgnoreCase) ? text.Trim()[5..].Trim() : text.Trim();
            if (int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                return parsed;
            if (digits == "?")
                return null;
        }
        throw new FormatException($"{sourceName}:{lineNumber}: unreadable 'level' {level.ToJsonString()} (expected \"Level N\")");
    }
}
