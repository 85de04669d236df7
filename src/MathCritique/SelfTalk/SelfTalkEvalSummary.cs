using System.Globalization;
using System.Text;
using MathCritique.Evaluation;
using MathCritique.Reports;

namespace MathCritique.SelfTalk;

/// <summary>
/// Both actors on one group of problems (a level, or all). Accuracies are of the final attempt with 95% bootstrap
/// intervals over problems; <see cref="Difference"/> is self-talk minus plain CoT per problem, paired. Flag measures
/// are the self-talk actor's: <see cref="FlagRate"/> over outputs; <see cref="FlagPrecision"/> (the attempt is wrong at
/// or before the flagged step) and <see cref="FirstErrorRate"/> (the flagged step is the first wrong one) over flags;
/// <see cref="FixRate"/> (right final answer) and <see cref="BreakRate"/> (a right step "corrected" into a wrong one)
/// over flagged outputs; the edit distances over flags (retracted step vs its replacement; <see cref="CopyRate"/>: identical).
/// Rates are null where their denominator is 0 or there were no exact labels.
/// </summary>
public sealed record SelfTalkEvalRow(
    string Group, int Problems,
    Estimate SelfTalkAccuracy, Estimate PlainCotAccuracy, Estimate Difference, int Better, int Worse,
    double FlagRate, int Flags, double? FlagPrecision, double? FirstErrorRate, double? FixRate, double? BreakRate,
    double? MeanEditDistance, double? MeanNormalizedEditDistance, double? CopyRate,
    double SelfTalkCharacters, double PlainCotCharacters, double SelfTalkTokens, double PlainCotTokens,
    int SelfTalkFormatIssues);

/// <summary>The summary of a self-talk eval: one row per level, then all problems.</summary>
public sealed record SelfTalkEvalSummary(IReadOnlyList<SelfTalkEvalRow> Levels, SelfTalkEvalRow Overall)
{
    public const string AllGroup = "all";

    public static SelfTalkEvalSummary Build(IReadOnlyList<SelfTalkEvalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var levels = records.Where(r => r.Level is not null).GroupBy(r => r.Level!.Value).OrderBy(g => g.Key)
            .Select(g => Row(g.Key.ToString(CultureInfo.InvariantCulture), g.ToArray())).ToArray();
        return new SelfTalkEvalSummary(levels, Row(AllGroup, records));
    }

    private static SelfTalkEvalRow Row(string group, IReadOnlyList<SelfTalkEvalRecord> records)
    {
        static double Score(SelfTalkActorOutput o) => o.Analysis.Correct ? 1 : 0;
        static double? Rate(int count, int of) => of == 0 ? null : (double)count / of;
        static double? Mean(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Average();
        var differences = records.Select(r => Score(r.SelfTalk) - Score(r.PlainCot)).ToArray();
        var analyses = records.Select(r => r.SelfTalk.Analysis).ToArray();
        var flagged = analyses.Where(a => a.Flagged).ToArray();
        var flags = analyses.SelectMany(a => a.Flags).ToArray();
        var labeled = flags.Where(f => f.Justified is not null).ToArray();
        var judged = flagged.Where(a => a.Broken is not null).ToArray();
        return new SelfTalkEvalRow(
            group, records.Count,
            BootstrapInterval.Mean(records.Select(r => Score(r.SelfTalk)).ToArray()),
            BootstrapInterval.Mean(records.Select(r => Score(r.PlainCot)).ToArray()),
            BootstrapInterval.Mean(differences), differences.Count(d => d > 0), differences.Count(d => d < 0),
            records.Count == 0 ? 0 : (double)flagged.Length / records.Count, flags.Length,
            Rate(labeled.Count(f => f.Justified == true), labeled.Length),
            Rate(labeled.Count(f => f.FirstError == true), labeled.Length),
            Rate(flagged.Count(a => a.Fixed), flagged.Length),
            Rate(judged.Count(a => a.Broken == true), judged.Length),
            Mean(flags.Select(f => (double)f.EditDistance).ToArray()),
            Mean(flags.Select(f => f.NormalizedEditDistance).ToArray()),
            Rate(flags.Count(f => f.EditDistance == 0), flags.Length),
            records.Count == 0 ? 0 : records.Average(r => r.SelfTalk.Text.Length),
            records.Count == 0 ? 0 : records.Average(r => r.PlainCot.Text.Length),
            records.Count == 0 ? 0 : records.Average(r => r.SelfTalk.GeneratedTokens),
            records.Count == 0 ? 0 : records.Average(r => r.PlainCot.GeneratedTokens),
            analyses.Count(a => a.Issues > 0));
    }

    public string ToMarkdown(string title, string note, IReadOnlyList<string> plots)
    {
        var rows = Levels.Append(Overall).ToArray();
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n").Append(note).Append("\n\n");
        var accuracy = new MarkdownTable("level", "problems", "self-talk", "plain CoT", "self-talk − plain (paired)", "better / worse");
        foreach (var r in rows)
            accuracy.Add(r.Group, r.Problems, Percent(r.SelfTalkAccuracy), Percent(r.PlainCotAccuracy), Points(r.Difference), $"{r.Better} / {r.Worse}");
        text.Append("## Accuracy of the final answer (95% bootstrap intervals)\n\n").Append(accuracy).Append('\n');
        var selfCheck = new MarkdownTable("level", "flagged outputs", "flags", "flag precision", "first wrong step", "fix rate", "break rate", "edit distance (chars)", "normalized", "copies");
        foreach (var r in rows)
            selfCheck.Add(r.Group, Share(r.FlagRate), r.Flags, Share(r.FlagPrecision), Share(r.FirstErrorRate), Share(r.FixRate), Share(r.BreakRate),
                Number(r.MeanEditDistance, "F1"), Number(r.MeanNormalizedEditDistance, "F2"), Share(r.CopyRate));
        text.Append("## The self-talk actor's self-checks\n\n").Append(selfCheck).Append('\n')
            .Append("Flag precision: the attempt is wrong (exact checker) at or before the flagged step; first wrong step: the flagged step is the first wrong one ")
            .Append("(both over flags). Fix rate: flagged outputs whose final answer is right. Break rate: flagged outputs in which a right step was \"corrected\" into a wrong one. ")
            .Append("Edit distance: the retracted step against the step that replaced it (copies: identical, the collapse the RISE and SCoRe papers warn of).\n\n");
        var length = new MarkdownTable("level", "self-talk chars", "plain chars", "self-talk tokens", "plain tokens", "self-talk outputs off format");
        foreach (var r in rows)
            length.Add(r.Group, Number(r.SelfTalkCharacters, "F0"), Number(r.PlainCotCharacters, "F0"), Number(r.SelfTalkTokens, "F1"), Number(r.PlainCotTokens, "F1"), r.SelfTalkFormatIssues);
        text.Append("## Output length (per problem, generated)\n\n").Append(length).Append('\n');
        foreach (var plot in plots)
            text.Append("![").Append(plot).Append("](").Append(plot).Append(")\n\n");
        return text.ToString();
    }

    private static string Percent(Estimate e) => e.Count == 0 ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{100 * e.Mean:F1}% [{100 * e.Low:F1}, {100 * e.High:F1}]");

    private static string Points(Estimate e) => e.Count == 0 ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{100 * e.Mean:+0.0;-0.0;0.0} pts [{100 * e.Low:+0.0;-0.0;0.0}, {100 * e.High:+0.0;-0.0;0.0}]");

    private static string Share(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{100 * v:F1}%") : "–";

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
