using System.Globalization;
using System.Text;
using MathCritique.Evaluation;

namespace MathCritique.CriticEvaluation;

/// <summary>Critic metrics as a Markdown table (critic-eval's metrics.md).</summary>
public static class CriticMetricsTable
{
    public static string Build(CriticMetrics overall, IReadOnlyDictionary<string, CriticMetrics> byLevel)
    {
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(byLevel);
        static string P(double v) => MarkdownReport.Percent(v);
        var text = new StringBuilder();
        text.Append("| level | solutions | wrong | verdict acc. | wrong precision | wrong recall | first-error loc. | parse fail | fix rate | break rate | baseline fix |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (level, m) in byLevel.Append(new("**all**", overall)))
            text.Append(CultureInfo.InvariantCulture, $"| {level} | {m.Solutions} | {m.WrongSolutions} | {P(m.VerdictAccuracy)} | {P(m.WrongPrecision)} | {P(m.WrongRecall)} | {P(m.LocalizationAccuracy)} | {P(m.ParseFailureRate)} | {P(m.FixRate)} | {P(m.BreakRate)} | {P(m.BaselineFixRate)} |\n");
        return text.ToString();
    }
}
