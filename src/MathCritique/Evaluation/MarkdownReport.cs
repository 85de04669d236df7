using System.Globalization;
using System.Text;
using MathCritique.Reports;
using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>Writes an evaluation summary as Markdown: the headline table first, then every strategy.</summary>
public static class MarkdownReport
{
    /// <summary>The strategies of the headline table at their largest budget, in column order.</summary>
    public static IReadOnlyList<StrategySummary> Headline(EvalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new[] { StrategyNames.Greedy, StrategyNames.CritiqueRefine, StrategyNames.MajorityVote, StrategyNames.CritiqueFilteredVote }
            .Select(name => summary.Strategies.Where(s => s.Strategy == name).MaxBy(s => s.Budget))
            .OfType<StrategySummary>()
            .ToArray();
    }

    public static string HeadlineTable(EvalSummary summary)
    {
        var columns = Headline(summary);
        var table = new MarkdownTable(["level", "problems", .. columns.Select(Label)]);
        foreach (var level in summary.Levels)
        {
            var first = columns.FirstOrDefault()?.ByLevel.GetValueOrDefault(level);
            table.Add([level, first?.Accuracy.Count ?? 0, .. columns.Select(c => c.ByLevel.TryGetValue(level, out var cell) ? Percent(cell.Accuracy.Mean) : "–")]);
        }
        table.Add(["**all**", summary.Problems, .. columns.Select(c => $"**{Percent(c.Overall.Accuracy.Mean)}**")]);
        return table.ToString();
    }

    /// <summary>
    /// The paper's voting finding in a line per K: critique-filtered voting against majority voting on the same
    /// problems, with the 95% bootstrap interval of the paired difference.
    /// </summary>
    public static string VoteComparisons(EvalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        // K = 1 is left out: with one sample there is nothing to filter, so both votes pick the same answer.
        foreach (var c in summary.Comparisons.Where(c => c.Strategy == StrategyNames.CritiqueFilteredVote && c.Budget > 1))
        {
            var d = c.Difference;
            string verdict = d.Low > 0 ? "better" : d.High < 0 ? "worse" : "no difference beyond the interval";
            text.Append(CultureInfo.InvariantCulture,
                $"critique-vote@{c.Budget} vs maj@{c.BaselineBudget}: {Points(d.Mean)} points (95% CI {Points(d.Low)} to {Points(d.High)}; {ReportFormat.Count(c.Better, "problem")} better, {c.Worse} worse): {verdict}\n");
        }
        return text.ToString();
    }

    public static string Write(EvalSummary summary, string title, IReadOnlyList<string> plots, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n");
        text.Append("Accuracy by difficulty level (largest budget of each strategy).\n\n");
        text.Append(HeadlineTable(summary)).Append('\n');
        foreach (var plot in plots)
            text.Append("![").Append(Path.GetFileNameWithoutExtension(plot)).Append("](").Append(plot).Append(")\n\n");
        if (summary.Comparisons.Count > 0)
        {
            text.Append("## Against the baselines\n\nPaired on the same problems (difference in accuracy with a 95% bootstrap interval; problems better / worse):\n\n");
            var comparisons = new MarkdownTable("strategy", "against", "difference", "95% CI", "better", "worse");
            foreach (var c in summary.Comparisons)
            {
                var d = c.Difference;
                comparisons.Add($"{c.Strategy} {c.Budget}", $"{c.Baseline} {c.BaselineBudget}", Points(d.Mean), $"{Points(d.Low)} to {Points(d.High)}", c.Better, c.Worse);
            }
            text.Append(comparisons).Append('\n');
        }
        text.Append("## All strategies\n\n");
        text.Append("Accuracy with a 95% bootstrap interval; compute is the mean per problem: tokens each model generated, its prompt ")
            .Append("tokens (all / new: beyond the prefix a call shares with an earlier call of the problem, what a prefix cache still computes), ")
            .Append("and the requests the models received (a stepwise critique makes one per step).\n\n");
        var strategies = new MarkdownTable("strategy", "budget", "accuracy", "95% CI", "actor tokens", "critic tokens", "actor prompt tokens", "critic prompt tokens", "model calls");
        foreach (var s in summary.Strategies)
        {
            var a = s.Overall.Accuracy;
            strategies.Add(s.Strategy, s.Budget, Percent(a.Mean), $"{Percent(a.Low)}–{Percent(a.High)}",
                Tokens(s.Overall.ActorTokens), Tokens(s.Overall.CriticTokens), Prompt(s.Overall.ActorPrompt), Prompt(s.Overall.CriticPrompt),
                s.Overall.Calls.ToString("F1", CultureInfo.InvariantCulture));
        }
        text.Append(strategies);
        if (notes.Count > 0)
        {
            text.Append("\n## Notes\n\n");
            foreach (var note in notes)
                text.Append("- ").Append(note).Append('\n');
        }
        return text.ToString();
    }

    public static string Label(StrategySummary s) => s.Strategy switch
    {
        StrategyNames.Greedy => "actor",
        StrategyNames.CritiqueRefine => $"critique→refine ×{s.Budget}",
        StrategyNames.MajorityVote => $"maj@{s.Budget}",
        StrategyNames.CritiqueFilteredVote => $"critique-vote@{s.Budget}",
        _ => $"{s.Strategy}@{s.Budget}",
    };

    private static string Tokens(double value) => value.ToString("F0", CultureInfo.InvariantCulture);

    private static string Prompt(PromptTokenCount prompt) => $"{Tokens(prompt.All)} / {Tokens(prompt.New)}";

    private static string Points(double value) => ReportFormat.Points(value);

    private static string Percent(double value) => ReportFormat.Percent(value);
}
