using System.Globalization;

namespace MathCritique.CriticEvaluation;

/// <summary>What a <see cref="CriticEvalRun"/> measured: every judgement, and the metrics overall and by level.</summary>
public sealed record CriticEvalReport(
    IReadOnlyList<CriticJudgement> Judgements,
    CriticMetrics Overall,
    IReadOnlyDictionary<string, CriticMetrics> ByLevel)
{
    public static CriticEvalReport From(IReadOnlyList<CriticJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        var byLevel = judgements.GroupBy(j => j.Level).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key?.ToString(CultureInfo.InvariantCulture) ?? "unknown", g => CriticMetrics.From(g.ToArray()));
        return new CriticEvalReport(judgements, CriticMetrics.From(judgements), byLevel);
    }

    /// <summary>The metrics as a Markdown table, one row per level and one for all.</summary>
    public string ToMarkdown() => CriticMetricsTable.Build(Overall, ByLevel);
}
