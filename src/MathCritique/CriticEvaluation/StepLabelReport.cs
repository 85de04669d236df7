using System.Text;
using MathCritique.Evaluation;
using MathCritique.Reports;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// The metrics of <c>critic-eval --data</c>: overall (every solution pooled), by subset (in the order the data has
/// them), and ProcessBench's headline, the mean of the subsets' F1.
/// </summary>
public sealed record StepLabelReport(StepLabelMetrics Overall, IReadOnlyDictionary<string, StepLabelMetrics> BySubset, Estimate MeanSubsetF1)
{
    public static StepLabelReport From(IReadOnlyList<StepLabelJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        var bySubset = judgements.GroupBy(j => j.Subset).ToDictionary(g => g.Key, g => StepLabelMetrics.From(g.ToArray()));
        var meanF1 = BootstrapInterval.Of(judgements, MeanSubsetF1Of);
        return new StepLabelReport(StepLabelMetrics.From(judgements), bySubset, meanF1);
    }

    private static double MeanSubsetF1Of(IReadOnlyList<StepLabelJudgement> judgements) =>
        judgements.GroupBy(j => j.Subset).Select(g => StepLabelMetrics.F1Of(g.ToArray())).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The metrics as a Markdown table, one row per subset and one for all, with 95% intervals.</summary>
    public string ToTable()
    {
        var table = new MarkdownTable("subset", "solutions", "erroneous", "erroneous acc. (= first-error loc.)", "correct acc.", "F1", "verdict acc.", "parse failures");
        foreach (var (subset, m) in BySubset.Append(new("**all**", Overall)))
            table.Add(subset, m.Solutions, m.Erroneous, Cell(m.ErroneousAccuracy), Cell(m.CorrectAccuracy), Cell(m.F1), Cell(m.VerdictAccuracy), m.ParseFailures);
        return table.ToString();
    }

    /// <summary>report.md: the title, the table, the mean F1 over subsets, and <paramref name="notes"/> (one paragraph each).</summary>
    public string ToMarkdown(string title, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(notes);
        var text = new StringBuilder($"# {title}\n\n");
        text.Append(ToTable()).Append('\n');
        text.Append($"Mean F1 over subsets (ProcessBench's headline): {Cell(MeanSubsetF1)}.\n\n");
        text.Append("""
            Erroneous acc.: of the solutions with a wrong step, those whose first wrong step the critique names (ProcessBench's
            accuracy on erroneous samples; our first-error localisation). Correct acc.: of the right solutions, those in which it
            flags no step. F1: their harmonic mean. Verdict acc.: its verdict on the whole solution agrees with the label. A
            critique that cannot be read (no step judged wrong, no final verdict) counts as wrong in each. In brackets: 95%
            bootstrap intervals.

            """);
        foreach (var note in notes)
            text.Append('\n').Append(note).Append('\n');
        return text.ToString();
    }

    private static string Cell(Estimate e) =>
        double.IsNaN(e.Low) ? ReportFormat.Percent(e.Mean) : $"{ReportFormat.Percent(e.Mean)} ({ReportFormat.Percent(e.Low)}–{ReportFormat.Percent(e.High)})";
}
