using MathCritique.Evaluation;
using MathCritique.TestTime;
using ScottPlot;

namespace MathCritique.Cli.Reports;

/// <summary>The PNG plots of an evaluation report.</summary>
internal static class EvalPlots
{
    public const string ComputeFile = "accuracy-vs-compute.png";
    public const string LevelsFile = "accuracy-by-level.png";

    private static readonly string[] ScalingStrategies =
    [
        StrategyNames.MajorityVote, StrategyNames.CritiqueFilteredVote, StrategyNames.CriticWeightedVote,
        StrategyNames.RefineThenVote, StrategyNames.CritiqueRefine,
    ];

    /// <summary>Writes both plots into <paramref name="directory"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Save(EvalSummary summary, string directory)
    {
        var files = new List<string>();
        if (SaveCompute(summary, Path.Combine(directory, ComputeFile)))
            files.Add(ComputeFile);
        if (SaveLevels(summary, Path.Combine(directory, LevelsFile)))
            files.Add(LevelsFile);
        return files;
    }

    // Accuracy against the mean tokens computed per problem (StrategyCell.ComputedTokens: generated and new prompt
    // tokens, actor and critic), one line per strategy over its budgets.
    private static bool SaveCompute(EvalSummary summary, string path)
    {
        var plot = new Plot();
        bool any = false;
        foreach (var name in ScalingStrategies)
        {
            var points = summary.Strategies.Where(s => s.Strategy == name).OrderBy(s => s.Budget).ToArray();
            if (points.Length == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => p.Overall.ComputedTokens).ToArray(), points.Select(p => 100 * p.Overall.Accuracy.Mean).ToArray());
            line.LegendText = name;
            any = true;
        }
        if (summary.Find(StrategyNames.Greedy, 0) is { } greedy)
        {
            var marker = plot.Add.Marker(greedy.Overall.ComputedTokens, 100 * greedy.Overall.Accuracy.Mean);
            marker.LegendText = "actor (greedy)";
            marker.Size = 12;
        }
        if (!any)
            return false;
        plot.Axes.Bottom.Label.Text = "tokens computed per problem (actor + critic: generated + prompt beyond a shared prefix)";
        plot.Axes.Left.Label.Text = "accuracy (%)";
        plot.Title("Accuracy vs test-time compute");
        plot.ShowLegend(Edge.Right); // outside the axes, where no point can be under it
        plot.SavePng(path, 900, 600);
        return true;
    }

    // Grouped bars: per level, the headline strategies side by side.
    private static bool SaveLevels(EvalSummary summary, string path)
    {
        var columns = MarkdownReport.Headline(summary);
        if (columns.Count == 0 || summary.Levels.Count == 0)
            return false;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < columns.Count; c++)
        {
            var bars = summary.Levels.Select((level, l) => new Bar
            {
                Position = l * (columns.Count + 1) + c,
                Value = columns[c].ByLevel.TryGetValue(level, out var cell) ? 100 * cell.Accuracy.Mean : 0,
                FillColor = palette.GetColor(c),
            }).ToArray();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = MarkdownReport.Label(columns[c]), FillColor = palette.GetColor(c) });
        }
        var ticks = summary.Levels.Select((level, l) => new Tick(l * (columns.Count + 1) + (columns.Count - 1) / 2.0, $"level {level}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.Label.Text = "accuracy (%)";
        plot.Axes.Margins(bottom: 0);
        plot.Title("Accuracy by difficulty level");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 600);
        return true;
    }
}
