using System.Text.Json.Nodes;

namespace MathCritique.Problems;

/// <summary>Reads a problems file whatever its format: ours (<see cref="ProblemFile"/>), GSM8K JSONL or MATH JSON/JSONL.</summary>
public static class ProblemFormats
{
    public static async Task<IReadOnlyList<Problem>> ReadAnyAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Problems file not found: {path}", path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return await MathDatasetLoader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        string? first;
        using (var reader = new StreamReader(path))
        {
            do
                first = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            while (first is not null && string.IsNullOrWhiteSpace(first));
        }
        if (first is null)
            return [];
        // The first record tells the format: MATH has "problem", ours has "id" and "question", GSM8K "question" alone.
        var json = JsonLines.ParseObject(first, Path.GetFileName(path), 1);
        if (json.ContainsKey("problem"))
            return await MathDatasetLoader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (json.ContainsKey("question") && !json.ContainsKey("id"))
            return await Gsm8kLoader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return await ProblemFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
