using MathCritique.CriticEvaluation;
using ScottPlot;

namespace MathCritique.Cli.Reports;

/// <summary>The PNG of a <c>critic-eval --data</c> report: ProcessBench's three metrics per subset, with their 95% intervals.</summary>
internal static class StepLabelPlots
{
    public const string File = "processbench-metrics.png";

    /// <summary>Writes the plot into <paramref name="directory"/> and returns its file name.</summary>
    public static IReadOnlyList<string> Save(StepLabelReport report, string directory)
    {
        var groups = report.BySubset.Append(new("all", report.Overall)).ToArray();
        (string Name, Func<StepLabelMetrics, Evaluation.Estimate> Of)[] metrics =
            [("erroneous acc.", m => m.ErroneousAccuracy), ("correct acc.", m => m.CorrectAccuracy), ("F1", m => m.F1)];
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < metrics.Length; c++)
        {
            var estimates = groups.Select(g => metrics[c].Of(g.Value)).ToArray();
            var positions = groups.Select((_, i) => (double)(i * (metrics.Length + 1) + c)).ToArray();
            var means = estimates.Select(e => double.IsNaN(e.Mean) ? 0 : 100 * e.Mean).ToArray();
            plot.Add.Bars(positions.Select((x, i) => new Bar { Position = x, Value = means[i], FillColor = palette.GetColor(c) }).ToArray());
            // The 95% interval, which need not be symmetric about the mean.
            var interval = plot.Add.ErrorBar(positions, means, new double[positions.Length]);
            interval.YErrorPositive = estimates.Select((e, i) => double.IsNaN(e.High) ? 0 : 100 * e.High - means[i]).ToArray();
            interval.YErrorNegative = estimates.Select((e, i) => double.IsNaN(e.Low) ? 0 : means[i] - 100 * e.Low).ToArray();
            interval.Color = Colors.Black;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = metrics[c].Name, FillColor = palette.GetColor(c) });
        }
        var ticks = groups.Select((g, i) => new Tick(i * (metrics.Length + 1) + (metrics.Length - 1) / 2.0, g.Key)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.Label.Text = "%";
        plot.Axes.SetLimitsY(0, 120); // room above 100% for the legend
        plot.Title("First wrong step: ProcessBench's metrics by subset");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(Path.Combine(directory, File), 900, 600);
        return [File];
    }
}
