using MathCritique.SelfImprovement;
using ScottPlot;

namespace MathCritique.Cli.Reports;

/// <summary>The PNG plots of a self-improvement report.</summary>
internal static class ImprovePlots
{
    public const string AccuracyFile = "accuracy-by-iteration.png";
    public const string ExplorationFile = "exploration-by-iteration.png";
    public const string LevelsFile = "accuracy-by-level.png";

    /// <summary>Writes the plots into <paramref name="directory"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Save(SelfImprovementSummary summary, string directory)
    {
        var files = new List<string>();
        if (SaveLines(summary, Path.Combine(directory, AccuracyFile), s => s.HeldOut.Overall.Mean, "held-out accuracy (%)", "Held-out accuracy by iteration"))
            files.Add(AccuracyFile);
        if (SaveLines(summary, Path.Combine(directory, ExplorationFile), s => s.Exploration?.Solved.Overall.Mean, "training problems solved (%)", "Exploration efficiency by iteration"))
            files.Add(ExplorationFile);
        if (SaveLevels(summary, Path.Combine(directory, LevelsFile)))
            files.Add(LevelsFile);
        return files;
    }

    // One line per arm over its iterations.
    private static bool SaveLines(SelfImprovementSummary summary, string path, Func<IterationSummary, double?> value, string axis, string title)
    {
        var plot = new Plot();
        bool any = false;
        foreach (var arm in summary.Arms)
        {
            var points = summary.Iterations.Where(s => s.Arm == arm && value(s) is not null).OrderBy(s => s.Iteration).ToArray();
            if (points.Length == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => (double)p.Iteration).ToArray(), points.Select(p => 100 * value(p)!.Value).ToArray());
            line.LegendText = arm.Name();
            any = true;
        }
        if (!any)
            return false;
        plot.Axes.Bottom.Label.Text = "iteration";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1); // iterations are whole
        plot.Axes.Left.Label.Text = axis;
        plot.Title(title);
        plot.ShowLegend(Edge.Right); // outside the axes: inside, it hid the last point of a falling line
        plot.SavePng(path, 900, 600);
        return true;
    }

    // Grouped bars: per level, the base actor and each arm's last iteration side by side.
    private static bool SaveLevels(SelfImprovementSummary summary, string path)
    {
        var columns = summary.Arms.Take(1).Select(a => summary.Find(a, 0)).Concat(summary.Arms.Select(a => summary.Iterations.Where(s => s.Arm == a).MaxBy(s => s.Iteration)))
            .OfType<IterationSummary>().Distinct().ToArray();
        if (columns.Length == 0 || summary.Levels.Count == 0)
            return false;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < columns.Length; c++)
        {
            var bars = summary.Levels.Select((level, l) => new Bar
            {
                Position = l * (columns.Length + 1) + c,
                Value = columns[c].HeldOut.ByLevel.TryGetValue(level, out var e) ? 100 * e.Mean : 0,
                FillColor = palette.GetColor(c),
            }).ToArray();
            plot.Add.Bars(bars);
            string label = columns[c].Iteration == 0 ? "base" : $"{columns[c].Arm.Name()} (iteration {columns[c].Iteration})";
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = palette.GetColor(c) });
        }
        var ticks = summary.Levels.Select((level, l) => new Tick(l * (columns.Length + 1) + (columns.Length - 1) / 2.0, $"level {level}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.Label.Text = "held-out accuracy (%)";
        plot.Axes.Margins(bottom: 0);
        plot.Title("Held-out accuracy by level: base and last iteration");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 600);
        return true;
    }
}
