using MathCritique.Reports;

namespace MathCritique.CriticEvaluation;

/// <summary>Critic metrics as a Markdown table (critic-eval's metrics.md).</summary>
public static class CriticMetricsTable
{
    public static string Build(CriticMetrics overall, IReadOnlyDictionary<string, CriticMetrics> byLevel)
    {
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(byLevel);
        static string P(double v) => ReportFormat.Percent(v);
        var table = new MarkdownTable("level", "solutions", "wrong", "verdict acc.", "wrong precision", "wrong recall", "first-error loc.", "parse fail", "fix rate", "break rate", "baseline fix");
        foreach (var (level, m) in byLevel.Append(new("**all**", overall)))
            table.Add(level, m.Solutions, m.WrongSolutions, P(m.VerdictAccuracy), P(m.WrongPrecision), P(m.WrongRecall), P(m.LocalizationAccuracy), P(m.ParseFailureRate), P(m.FixRate), P(m.BreakRate), P(m.BaselineFixRate));
        return table.ToString();
    }
}
