using System.Text.Json;

namespace MathCritique.LlamaCpp.Training;

/// <summary>Reads SFT data as JSON Lines: one <c>{"prompt": "...", "completion": "..."}</c> object per line.</summary>
public static class SftJsonl
{
    public static async Task<List<SftExample>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        var examples = new List<SftExample>();
        int lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            examples.Add(Parse(line, $"{path}:{lineNumber}"));
        }
        if (examples.Count == 0)
            throw new InvalidDataException($"{path}: no examples");
        return examples;
    }

    private static SftExample Parse(string line, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where}: expected a JSON object with \"prompt\" and \"completion\"");
            return new SftExample(Field(document.RootElement, "prompt", where), Field(document.RootElement, "completion", where));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: malformed JSON ({e.Message})", e);
        }
    }

    private static string Field(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: missing string field \"{name}\"");
}
