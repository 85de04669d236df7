using MathCritique.SelfTalk;
using ScottPlot;

namespace MathCritique.Cli.Reports;

/// <summary>The PNG plot of a self-talk eval: accuracy by level, both actors side by side, with their intervals.</summary>
internal static class SelfTalkPlots
{
    public const string LevelsFile = "accuracy-by-level.png";

    public static IReadOnlyList<string> Save(SelfTalkEvalSummary summary, string directory)
    {
        if (summary.Levels.Count == 0)
            return [];
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var actors = new (string Name, Func<SelfTalkEvalRow, Evaluation.Estimate> Accuracy)[] { ("self-talk", r => r.SelfTalkAccuracy), ("plain CoT", r => r.PlainCotAccuracy) };
        for (int a = 0; a < actors.Length; a++)
        {
            var bars = summary.Levels.Select((row, l) =>
            {
                var e = actors[a].Accuracy(row);
                return new Bar
                {
                    Position = l * (actors.Length + 1) + a,
                    Value = 100 * e.Mean,
                    // Symmetric error bars: half the 95% interval's width (the interval itself is in report.md).
                    Error = 100 * (e.High - e.Low) / 2,
                    FillColor = palette.GetColor(a),
                };
            }).ToArray();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = actors[a].Name, FillColor = palette.GetColor(a) });
        }
        var ticks = summary.Levels.Select((row, l) => new Tick(l * (actors.Length + 1) + 0.5, $"level {row.Group}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.Label.Text = "accuracy of the final answer (%)";
        plot.Axes.Margins(bottom: 0);
        plot.Title("Self-talk vs plain CoT by level (error bars: half the 95% interval)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(Path.Combine(directory, LevelsFile), 900, 600);
        return [LevelsFile];
    }
}
