using System.Globalization;
using System.Text;
using MathCritique.Critiques;
using MathCritique.Evaluation;
using MathCritique.Sampling;
using MathCritique.TestTime;

namespace MathCritique.Lab;

/// <summary>How the critic judged one cut solution's last step.</summary>
public sealed record LabStepCheckRecord(string Id, int Level, bool StepWrong, Verdict Judged, bool StepCopied, string Prompt, string Output);

/// <summary>Step-check skill at one level (or overall).</summary>
public sealed record LabStepCheckLevel(string Level, int Steps, int WrongSteps, double VerdictAccuracy, double WrongRecall, double RightAcceptance, double StepCopied);

/// <summary>
/// Measures whether a critic can judge one step: held-out solutions cut after a step (the step-check drill's format,
/// test split) → does it call that step right or wrong like the exact checker? Separates the judgement from the long
/// copying a whole critique needs: a critic that fails here cannot localise errors in a whole critique either.
/// </summary>
public sealed class LabStepCheckEvaluator(ISampler critic, int maxTokens = 200)
{
    public async Task<IReadOnlyList<LabStepCheckRecord>> EvaluateAsync(IReadOnlyList<LabProblem> problems, int seed,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var data = new LabTrainingData(LabPrompts.Create(), seed);
        var random = new Random(seed);
        var cases = problems.Select(p => (Problem: p, Example: data.StepCheck(p, random))).Where(c => c.Example is not null).ToArray();
        var batch = new RequestBatch(critic);
        var greedy = new SamplingOptions { Temperature = 0, MaxTokens = maxTokens };
        var pending = cases.Select(c => batch.Add(c.Example!.Prompt, greedy, 0)).ToArray();
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        return cases.Select((c, i) =>
        {
            var truth = CritiqueParser.Parse(c.Example!.Completion).Critique.Steps[0];
            var output = pending[i].Result.Text;
            var judged = CritiqueParser.Parse(output).Critique.Steps.FirstOrDefault();
            return new LabStepCheckRecord(c.Problem.Id, c.Problem.Level, truth.Verdict == Verdict.Wrong, judged?.Verdict ?? Verdict.Unknown,
                judged?.StepText == truth.StepText, c.Example.Prompt, output);
        }).ToArray();
    }

    /// <summary>Per level and overall.</summary>
    public static IReadOnlyList<LabStepCheckLevel> Summarize(IReadOnlyList<LabStepCheckRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        static LabStepCheckLevel Level(string name, IReadOnlyList<LabStepCheckRecord> r)
        {
            static double Rate(IEnumerable<LabStepCheckRecord> rows, Func<LabStepCheckRecord, bool> hit) =>
                rows.ToArray() is { Length: > 0 } a ? (double)a.Count(hit) / a.Length : double.NaN;
            return new(name, r.Count, r.Count(x => x.StepWrong),
                Rate(r, x => x.Judged == (x.StepWrong ? Verdict.Wrong : Verdict.Correct)),
                Rate(r.Where(x => x.StepWrong), x => x.Judged == Verdict.Wrong),
                Rate(r.Where(x => !x.StepWrong), x => x.Judged == Verdict.Correct),
                Rate(r, x => x.StepCopied));
        }
        return records.GroupBy(r => r.Level).OrderBy(g => g.Key)
            .Select(g => Level(g.Key.ToString(CultureInfo.InvariantCulture), g.ToArray()))
            .Append(Level("**all**", records)).ToArray();
    }

    public static string ToMarkdown(IReadOnlyList<LabStepCheckLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        static string P(double v) => MarkdownReport.Percent(v);
        var text = new StringBuilder("| level | steps | wrong | verdict acc. | wrong caught | right accepted | step copied |\n|---|---|---|---|---|---|---|\n");
        foreach (var l in levels)
            text.Append(CultureInfo.InvariantCulture, $"| {l.Level} | {l.Steps} | {l.WrongSteps} | {P(l.VerdictAccuracy)} | {P(l.WrongRecall)} | {P(l.RightAcceptance)} | {P(l.StepCopied)} |\n");
        return text.ToString();
    }
}
