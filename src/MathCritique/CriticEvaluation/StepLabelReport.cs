using System.Text;
using MathCritique.Evaluation;
using MathCritique.Reports;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// The metrics of <c>critic-eval --data</c>: overall (every solution pooled), by subset (in the order the data has
/// them), and ProcessBench's headline, the mean of the subsets' F1; and, when the data says how its labels are known
/// (<c>label_source</c>), by that too, since a resampled step's label is only a lower bound on the first error.
/// </summary>
public sealed record StepLabelReport(StepLabelMetrics Overall, IReadOnlyDictionary<string, StepLabelMetrics> BySubset, Estimate MeanSubsetF1)
{
    /// <summary>The label source of judgements whose data does not name one, when others do.</summary>
    public const string UnknownLabelSource = "(not given)";

    /// <summary>The metrics by <see cref="StepLabelJudgement.LabelSource"/>, most common first; empty when no record names one.</summary>
    public IReadOnlyDictionary<string, StepLabelMetrics> ByLabelSource { get; init; } = new Dictionary<string, StepLabelMetrics>();

    public static StepLabelReport From(IReadOnlyList<StepLabelJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        var bySubset = judgements.GroupBy(j => j.Subset).ToDictionary(g => g.Key, g => StepLabelMetrics.From(g.ToArray()));
        var meanF1 = BootstrapInterval.Of(judgements, MeanSubsetF1Of);
        var byLabelSource = judgements.Any(j => j.LabelSource is not null)
            ? judgements.GroupBy(j => j.LabelSource ?? UnknownLabelSource)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => StepLabelMetrics.From(g.ToArray()))
            : new Dictionary<string, StepLabelMetrics>();
        return new StepLabelReport(StepLabelMetrics.From(judgements), bySubset, meanF1) { ByLabelSource = byLabelSource };
    }

    private static double MeanSubsetF1Of(IReadOnlyList<StepLabelJudgement> judgements) =>
        judgements.GroupBy(j => j.Subset).Select(g => StepLabelMetrics.F1Of(g.ToArray())).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The metrics as a Markdown table, one row per subset and one for all, with 95% intervals.</summary>
    public string ToTable() => Table("subset", BySubset);

    /// <summary>The metrics as a Markdown table, one row per label source and one for all; empty when the data names none.</summary>
    public string ToLabelSourceTable() => ByLabelSource.Count == 0 ? "" : Table("label source", ByLabelSource);

    private string Table(string groupColumn, IReadOnlyDictionary<string, StepLabelMetrics> groups)
    {
        var table = new MarkdownTable(groupColumn, "solutions", "erroneous", "erroneous acc. (= first-error loc.)", "correct acc.", "F1", "verdict acc.", "parse failures");
        foreach (var (group, m) in groups.Append(new("**all**", Overall)))
            table.Add(group, m.Solutions, m.Erroneous, Cell(m.ErroneousAccuracy), Cell(m.CorrectAccuracy), Cell(m.F1), Cell(m.VerdictAccuracy), m.ParseFailures);
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
        if (ByLabelSource.Count > 0)
        {
            text.Append("\nBy how the label is known (`label_source`: checker, an exact step checker; rg3-inserted, the step a mistake was ");
            text.Append("written into; rg2-resampled, the first resampled step, so the first error may come later and a critic that names ");
            text.Append("a later step is counted wrong; final-answer-correct, -1 because the answer is right):\n\n");
            text.Append(ToLabelSourceTable());
        }
        foreach (var note in notes)
            text.Append('\n').Append(note).Append('\n');
        return text.ToString();
    }

    private static string Cell(Estimate e) =>
        double.IsNaN(e.Low) ? ReportFormat.Percent(e.Mean) : $"{ReportFormat.Percent(e.Mean)} ({ReportFormat.Percent(e.Low)}–{ReportFormat.Percent(e.High)})";
}
