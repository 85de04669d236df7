using System.Globalization;
using System.Text;
using MathCritique.Reports;

namespace MathCritique.SelfImprovement;

/// <summary>Writes a self-improvement summary as Markdown: held-out accuracy per arm and iteration first, then the comparisons, exploration, training sets and compute.</summary>
public static class SelfImprovementReport
{
    /// <summary>Held-out accuracy by level for every arm and iteration (iteration 0: the base actor).</summary>
    public static string AccuracyTable(SelfImprovementSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var table = new MarkdownTable(["arm", "iteration", .. summary.Levels.Select(l => $"level {l}"), "all", "95% CI"]);
        foreach (var s in summary.Iterations)
        {
            var all = s.HeldOut.Overall;
            table.Add([s.Arm.Name(), s.Iteration, .. summary.Levels.Select(l => s.HeldOut.ByLevel.TryGetValue(l, out var e) ? Percent(e.Mean) : "–"),
                $"**{Percent(all.Mean)}**", $"{Percent(all.Low)}–{Percent(all.High)}"]);
        }
        return table.ToString();
    }

    /// <summary>The critique arm against the vanilla arms, paired on the same problems, per iteration, over all levels.</summary>
    public static string ArmComparisons(SelfImprovementSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        foreach (var c in summary.Comparisons.Where(c => c.Level == SelfImprovementSummary.AllLevels && c.Comparison.Baseline != c.Comparison.Strategy).Select(c => c.Comparison))
        {
            var d = c.Difference;
            string verdict = d.Low > 0 ? "better" : d.High < 0 ? "worse" : "no difference beyond the interval";
            text.Append(CultureInfo.InvariantCulture,
                $"iteration {c.Budget}: {c.Strategy} vs {c.Baseline}: {Points(d.Mean)} points (95% CI {Points(d.Low)} to {Points(d.High)}; {ReportFormat.Count(c.Better, "problem")} better, {c.Worse} worse): {verdict}\n");
        }
        return text.ToString();
    }

    public static string Write(SelfImprovementSummary summary, string title, IReadOnlyList<string> plots, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n");
        text.Append("Held-out accuracy (greedy) of each iteration's actor; iteration 0 is the base actor.\n\n");
        text.Append(AccuracyTable(summary)).Append('\n');
        foreach (var plot in plots)
            text.Append("![").Append(Path.GetFileNameWithoutExtension(plot)).Append("](").Append(plot).Append(")\n\n");

        if (summary.Comparisons.Count > 0)
        {
            text.Append("## Paired comparisons\n\nOn the same held-out problems: the difference in accuracy with a 95% bootstrap interval, and the problems better / worse.\n\n");
            var table = new MarkdownTable("level", "arm", "against", "difference", "95% CI", "better", "worse");
            foreach (var (level, c) in summary.Comparisons)
                table.Add(level, $"{c.Strategy} {c.Budget}", c.Baseline == c.Strategy ? $"base ({c.Baseline} {c.BaselineBudget})" : $"{c.Baseline} {c.BaselineBudget}",
                    Points(c.Difference.Mean), $"{Points(c.Difference.Low)} to {Points(c.Difference.High)}", c.Better, c.Worse);
            text.Append(table).Append('\n');
        }

        var explored = summary.Iterations.Where(s => s.Exploration is not null).ToArray();
        if (explored.Length > 0)
        {
            text.Append("## Exploration\n\n");
            text.Append("Solved: training problems with at least one verified solution (exploration efficiency), overall and by level; first attempts: the same from first attempts alone. ");
            text.Append("Distinct: verified solutions per problem, distinct by the computations written and by text. Right answer, wrong steps: solutions the grader accepts and the step checker rejects (not trained on).\n\n");
            var levels = explored.SelectMany(s => s.Exploration!.Solved.ByLevel.Keys).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToArray();
            var table = new MarkdownTable(["arm", "iteration", "first attempts", "solved", .. levels.Select(l => $"level {l}"), "first attempts only", "distinct (computations)", "distinct (text)",
                "right answer, wrong steps", "critiques", "critique states answer", "kept: first attempts", "kept: refinements"]);
            foreach (var s in explored)
            {
                var e = s.Exploration!;
                table.Add([s.Arm.Name(), s.Iteration, e.FirstAttempts, Percent(e.Solved.Overall.Mean), .. levels.Select(l => e.Solved.ByLevel.TryGetValue(l, out var v) ? Percent(v.Mean) : "–"),
                    Percent(e.SolvedByFirstAttempts), Number(e.DistinctByComputations, "F2"), Number(e.DistinctByText, "F2"), e.RightAnswerWrongSteps, e.Critiques, e.CritiquesStatingAnswer,
                    e.KeptFirstAttempts, e.KeptRefinements]);
            }
            text.Append(table).Append('\n');

            text.Append("Dropped, by reason:\n\n");
            var reasons = new MarkdownTable("arm", "iteration", "reasons");
            foreach (var s in explored)
                reasons.Add(s.Arm.Name(), s.Iteration, string.Join("; ", s.Exploration!.Dropped.Select(kv => $"{kv.Key}: {kv.Value}")));
            text.Append(reasons).Append('\n');
        }

        var trained = summary.Iterations.Where(s => s.TrainingSet is not null).ToArray();
        if (trained.Length > 0)
        {
            text.Append("## Training sets\n\nDistinct examples by source and by the level of their problem (the difficulty composition); trained: examples the fine-tune took (the set cycled to a fixed size).\n\n");
            var table = new MarkdownTable("arm", "iteration", "distinct", "trained", "by source", "by level", "problems", "steps", "loss first → last");
            foreach (var s in trained)
            {
                var set = s.TrainingSet!;
                var t = s.Training;
                table.Add(s.Arm.Name(), s.Iteration, set.Distinct, set.Trained, Join(set.BySource), Join(set.ByLevel), set.Problems, t?.Steps ?? 0,
                    t?.FirstLoss is { } first && t.LastLoss is { } last ? $"{first:F3} → {last:F3}" : "–");
            }
            text.Append(table).Append('\n');
        }

        var computed = summary.Iterations.Where(s => s.Compute is not null).ToArray();
        if (computed.Length > 0)
        {
            text.Append("## Compute\n\nExploration's model calls (requests received: a stepwise critique makes one per step) and tokens ")
                .Append("(generated / prompt / prompt beyond the prefix shared with an earlier call of the problem, what a prefix cache still computes), ")
                .Append("and each phase's wall time.\n\n");
            var table = new MarkdownTable("arm", "iteration", "actor calls", "actor tokens", "critic calls", "critic tokens", "generated tokens", "explore s", "train s", "evaluate s");
            foreach (var s in computed)
            {
                var c = s.Compute!;
                table.Add(s.Arm.Name(), s.Iteration, c.ActorCalls, Tokens(c.ActorTokens, c.ActorPromptTokens, c.ActorNewPromptTokens), c.CriticCalls,
                    Tokens(c.CriticTokens, c.CriticPromptTokens, c.CriticNewPromptTokens), c.GeneratedTokens,
                    Number(s.Seconds?.Explore ?? double.NaN, "F0"), Number(s.Seconds?.Train ?? double.NaN, "F0"), Number(s.Seconds?.Evaluate ?? double.NaN, "F0"));
            }
            text.Append(table);
        }
        if (notes.Count > 0)
        {
            text.Append("\n## Notes\n\n");
            foreach (var note in notes)
                text.Append("- ").Append(note).Append('\n');
        }
        return text.ToString();
    }

    // A summary written before new prompt tokens were counted has none to show.
    private static string Tokens(long generated, long prompt, long? newPrompt) => $"{generated} / {prompt} / {(newPrompt is { } n ? n.ToString(CultureInfo.InvariantCulture) : "–")}";

    private static string Join(IReadOnlyDictionary<string, int> counts) => counts.Count == 0 ? "–" : string.Join(", ", counts.Select(kv => $"{kv.Key}: {kv.Value}"));

    private static string Number(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Points(double value) => ReportFormat.Points(value);

    private static string Percent(double value) => ReportFormat.Percent(value);
}
