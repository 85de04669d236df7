using System.Globalization;
using MathCritique.Critiques;
using MathCritique.Reports;
using MathCritique.Sampling;

namespace MathCritique.Lab;

/// <summary>How the critic judged one cut solution's last step.</summary>
public sealed record LabStepCheckRecord(string Id, int Level, bool StepWrong, Verdict Judged, bool StepCopied, string Prompt, string Output)
{
    /// <summary>The step is wrong in a way its check line shows (an operand not at hand, a sum off, an answer not the last result), not a plan error.</summary>
    public bool WrongMarked { get; init; }

    /// <summary>The exact check line of the step (<see cref="LabCheckLines"/>), whether or not the critic writes one.</summary>
    public string ExpectedCheck { get; init; } = "";
}

/// <summary>How often the critic wrote <paramref name="Written"/> where the exact check line has <paramref name="Expected"/>.</summary>
public sealed record LabMarkCount(string Decision, string Expected, string Written, int Count);

/// <summary>Step-check skill at one level (or overall).</summary>
public sealed record LabStepCheckLevel(string Level, int Steps, int WrongSteps, double VerdictAccuracy, double WrongRecall, double RightAcceptance, double StepCopied, double MarkedRecall);

/// <summary>
/// Measures whether a critic can judge one step: held-out solutions cut after a step (the step-check drill's format,
/// dev or test split) → does it call that step right or wrong like the exact checker? Separates the judgement from the long
/// copying a whole critique needs: a critic that fails here cannot localise errors in a whole critique either. With
/// <paramref name="tool"/>, the critic writes its check line with that inline tool, as it does in a critique.
/// </summary>
public sealed class LabStepCheckEvaluator(ISampler critic, int maxTokens = 300, IInlineTool? tool = null)
{
    public async Task<IReadOnlyList<LabStepCheckRecord>> EvaluateAsync(IReadOnlyList<LabProblem> problems, int seed,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        // Check lines change no prompt and no verdict; they tell lookup errors from plan errors.
        var data = new LabTrainingData(LabPrompts.Create(), seed, new LabOracleOptions { WriteChecks = true });
        var random = new Random(seed);
        var cases = problems.Select(p => (Problem: p, Example: data.StepCheck(p, random))).Where(c => c.Example is not null).ToArray();
        var batch = new RequestBatch(critic);
        var greedy = new SamplingOptions { Temperature = 0, MaxTokens = maxTokens, Tool = tool };
        var pending = cases.Select(c => batch.Add(c.Example!.Prompt, greedy, 0)).ToArray();
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        return cases.Select((c, i) =>
        {
            var truth = CritiqueParser.Parse(c.Example!.Completion).Critique.Steps[0];
            var output = pending[i].Result.Text;
            var judged = CritiqueParser.Parse(output).Critique.Steps.FirstOrDefault();
            return new LabStepCheckRecord(c.Problem.Id, c.Problem.Level, truth.Verdict == Verdict.Wrong, judged?.Verdict ?? Verdict.Unknown,
                judged?.StepText == truth.StepText, c.Example.Prompt, output)
            { WrongMarked = truth.Verdict == Verdict.Wrong && LabCheckLines.HasBadMark(truth.Check), ExpectedCheck = truth.Check };
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
                Rate(r, x => x.StepCopied),
                Rate(r.Where(x => x.WrongMarked), x => x.Judged == Verdict.Wrong));
        }
        return records.GroupBy(r => r.Level).OrderBy(g => g.Key)
            .Select(g => Level(g.Key.ToString(CultureInfo.InvariantCulture), g.ToArray()))
            .Append(Level("**all**", records)).ToArray();
    }

    private const string TrueSum = "the true sum";

    /// <summary>
    /// Mark by mark, on steps the critic copied right and whose check line has the expected decisions in order: what it
    /// wrote against what the exact line says, and whether each redone sum is the true one. Tells the lookup (<c>new</c>) from what follows from position (<c>earlier</c>).
    /// </summary>
    public static IReadOnlyList<LabMarkCount> CountMarks(IReadOnlyList<LabStepCheckRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var counts = new Dictionary<(string, string), int>();
        foreach (var r in records.Where(r => r.StepCopied && r.ExpectedCheck.Length > 0))
        {
            var writtenLine = CritiqueParser.Parse(r.Output).Critique.Steps.FirstOrDefault()?.Check ?? "";
            var expected = LabCheckLines.Marks(r.ExpectedCheck);
            var written = LabCheckLines.Marks(writtenLine);
            if (written.Count != expected.Count || expected.Where((m, i) => LabCheckLines.Decision(m) != LabCheckLines.Decision(written[i])).Any())
                continue;
            for (int i = 0; i < expected.Count; i++)
                Add(expected[i], written[i]);
            // The redone sum itself: did the critic write the true value before comparing it?
            var trueSums = LabCheckLines.RedoneSums(r.ExpectedCheck);
            var writtenSums = LabCheckLines.RedoneSums(writtenLine);
            if (trueSums.Count == writtenSums.Count)
            {
                for (int i = 0; i < trueSums.Count; i++)
                    Add(TrueSum, trueSums[i] == writtenSums[i] ? TrueSum : "another number");
            }
        }
        void Add(string expected, string written) => counts[(expected, written)] = counts.GetValueOrDefault((expected, written)) + 1;
        return counts.Select(c => new LabMarkCount(c.Key.Item1 == TrueSum ? "redo" : LabCheckLines.Decision(c.Key.Item1), c.Key.Item1, c.Key.Item2, c.Value))
            .OrderBy(c => c.Decision, StringComparer.Ordinal).ThenBy(c => c.Expected, StringComparer.Ordinal).ThenBy(c => c.Written, StringComparer.Ordinal).ToArray();
    }

    public static string MarksToMarkdown(IReadOnlyList<LabMarkCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
            return "No check lines to compare (the critic writes none, or none in the expected shape).\n";
        var table = new MarkdownTable("decision", "exact line says", "critic wrote", "steps");
        foreach (var c in counts)
            table.Add(c.Decision, c.Expected, c.Written, c.Count);
        return table.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<LabStepCheckLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        static string P(double v) => ReportFormat.Percent(v);
        var table = new MarkdownTable("level", "steps", "wrong", "verdict acc.", "wrong caught", "right accepted", "step copied", "lookup errors caught");
        foreach (var l in levels)
            table.Add(l.Level, l.Steps, l.WrongSteps, P(l.VerdictAccuracy), P(l.WrongRecall), P(l.RightAcceptance), P(l.StepCopied), P(l.MarkedRecall));
        return table.ToString();
    }
}
