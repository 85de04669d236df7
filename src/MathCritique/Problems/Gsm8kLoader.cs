using System.Text;

namespace MathCritique.Problems;

/// <summary>
/// Reads GSM8K JSON Lines (<c>{"question", "answer"}</c>, the answer ending in <c>#### X</c>). The reference solution is
/// the text before <c>####</c>, calculator annotations kept; ids are <c>gsm8k-&lt;file stem&gt;-&lt;n&gt;</c> (n from 0).
/// </summary>
public static class Gsm8kLoader
{
    public const string Source = "gsm8k";

    public static async Task<IReadOnlyList<Problem>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return await ReadAsync(reader, path, Path.GetFileNameWithoutExtension(path), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<Problem>> ReadAsync(TextReader reader, string sourceName, string idPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<Problem>();
        await foreach (var (json, lineNumber) in JsonLines.ReadObjectsAsync(reader, sourceName, cancellationToken).ConfigureAwait(false))
        {
            var question = JsonLines.RequiredString(json, "question", sourceName, lineNumber);
            var answer = JsonLines.RequiredString(json, "answer", sourceName, lineNumber);
            int marker = answer.LastIndexOf("####", StringComparison.Ordinal);
            var final = marker < 0 ? "" : answer[(marker + 4)..].Trim();
            if (final.Length == 0)
                throw new FormatException($"{sourceName}:{lineNumber}: 'answer' has no final answer after '####'");
            problems.Add(new Problem($"gsm8k-{idPrefix}-{problems.Count}", question.Trim(), final.Replace(",", "", StringComparison.Ordinal),
                answer[..marker].Trim(), Source: Source));
        }
        return problems;
    }
}
