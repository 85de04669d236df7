using System.Text.Json;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.Cli.Hosting;

/// <summary>Reads prompt/completion JSON Lines (what <c>collect</c> exports as critic_sft.jsonl).</summary>
internal static class SftFile
{
    public static async Task<IReadOnlyList<SftExample>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var examples = new List<SftExample>();
        int lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                string? prompt = json.RootElement.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                string? completion = json.RootElement.TryGetProperty("completion", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (prompt is null || completion is null)
                    throw new FormatException("needs string fields \"prompt\" and \"completion\"");
                examples.Add(new SftExample(prompt, completion));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        return examples;
    }
}
