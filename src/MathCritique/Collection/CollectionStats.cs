using System.Globalization;
using System.Text;
using MathCritique.Critiques;
using MathCritique.Reports;

namespace MathCritique.Collection;

/// <summary>
/// Counts of a critique dataset: by method, level and verdict, kept rate, and where the first errors are; what
/// construction dropped, by reason; and the ProcessBench-layout export by label source.
/// <see cref="MeanRefinementSuccessRate"/> is null when no critique went through the Monte-Carlo filter.
/// </summary>
public sealed record CollectionStats(
    int Records,
    int Kept,
    IReadOnlyDictionary<string, int> ByMethod,
    IReadOnlyDictionary<string, int> KeptByMethod,
    IReadOnlyDictionary<string, int> ByLevel,
    IReadOnlyDictionary<string, int> ByFinalVerdict,
    IReadOnlyDictionary<string, int> FirstWrongStepHistogram,
    double? MeanRefinementSuccessRate,
    IReadOnlyDictionary<string, int>? DroppedByReason = null,
    ProcessBenchExport? ProcessBench = null)
{
    public static CollectionStats From(IReadOnlyList<CritiqueRecord> records, IReadOnlyList<ConstructionDrop>? dropped = null, ProcessBenchExport? processBench = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        static IReadOnlyDictionary<string, int> Count(IEnumerable<string> keys) =>
            keys.GroupBy(k => k).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new CollectionStats(
            records.Count,
            records.Count(r => r.Kept),
            Count(records.Select(r => r.Method.ToString())),
            Count(records.Where(r => r.Kept).Select(r => r.Method.ToString())),
            Count(records.Select(r => r.Level?.ToString(CultureInfo.InvariantCulture) ?? "unknown")),
            Count(records.Select(r => r.FinalVerdict.ToString())),
            Count(records.Where(r => r.FinalVerdict == Verdict.Wrong).Select(r => r.FirstWrongStep?.ToString("D2", CultureInfo.InvariantCulture) ?? "none")),
            records.Where(r => r.RefinementSamples > 0).Select(r => (double?)r.RefinementSuccessRate).Average(),
            dropped is { Count: > 0 } ? Count(dropped.Select(d => $"{d.Method}: {d.Reason}")) : null,
            processBench);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(MeanRefinementSuccessRate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"# Critique data\n\n{Records} records, {Kept} kept by the Monte-Carlo filter; mean refinement success rate {rate:P1}.\n\n")
            : string.Create(CultureInfo.InvariantCulture, $"# Critique data\n\n{Records} records, {Kept} kept; not Monte-Carlo filtered (every parsable critique kept).\n\n"));
        Table(text, "By construction method (all / kept)", ByMethod.ToDictionary(kv => kv.Key, kv => $"{kv.Value} / {KeptByMethod.GetValueOrDefault(kv.Key)}"));
        Table(text, "By level", ByLevel.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
        Table(text, "By final verdict", ByFinalVerdict.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
        Table(text, "First wrong step (critiques that say Wrong)", FirstWrongStepHistogram.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
        if (DroppedByReason is not null)
            Table(text, "Dropped during construction (dropped.jsonl)", DroppedByReason.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
        if (ProcessBench is not null)
        {
            Table(text, $"{ProcessBenchExporter.FileName}: solutions by label source", ProcessBench.BySource.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
            if (ProcessBench.LeftOut.Count > 0)
                Table(text, $"{ProcessBenchExporter.FileName}: left out", ProcessBench.LeftOut.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)));
        }
        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, IReadOnlyDictionary<string, string> rows)
    {
        var table = new MarkdownTable("", "count");
        foreach (var (key, value) in rows)
            table.Add(key, value);
        text.Append("## ").Append(title).Append("\n\n").Append(table).Append('\n');
    }
}
