using System.Text.Json;
using System.Text.Json.Nodes;

namespace MathCritique.Problems;

/// <summary>Field access for dataset readers, with errors that name the file and line.</summary>
internal static class JsonLines
{
    /// <summary>The JSON object on each non-blank line, with its 1-based line number.</summary>
    public static async IAsyncEnumerable<(JsonObject Json, int LineNumber)> ReadObjectsAsync(TextReader reader, string sourceName,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length > 0)
                yield return (ParseObject(line, sourceName, lineNumber), lineNumber);
        }
    }

    public static JsonObject ParseObject(string text, string sourceName, int lineNumber)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{sourceName}:{lineNumber}: malformed JSON ({e.Message})", e);
        }
        return node as JsonObject ?? throw new FormatException($"{sourceName}:{lineNumber}: expected a JSON object");
    }

    public static string RequiredString(JsonObject json, string field, string sourceName, int lineNumber) =>
        OptionalString(json, field, sourceName, lineNumber)
        ?? throw new FormatException($"{sourceName}:{lineNumber}: missing field '{field}'");

    public static string? OptionalString(JsonObject json, string field, string sourceName, int lineNumber) => json[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new FormatException($"{sourceName}:{lineNumber}: field '{field}' must be a string"),
    };

    public static int? OptionalInt(JsonObject json, string field, string sourceName, int lineNumber) => json[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        _ => throw new FormatException($"{sourceName}:{lineNumber}: field '{field}' must be an integer"),
    };
}
