using MathCritique.Collection;
using MathCritique.CriticEvaluation;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Solutions;

namespace MathCritique.SelfTalk;

/// <summary>Options of <see cref="SelfTalkDatasetBuilder"/>.</summary>
public sealed record SelfTalkDatasetOptions
{
    public SelfTalkWriterOptions Writer { get; init; } = new();

    /// <summary>Seeds which right steps get confirmations (hashed with each record's id).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Most wrong attempts before the right one; above 1, only on problems of <see cref="SeveralAttemptsFromLevel"/> or harder.</summary>
    public int MaxWrongAttempts { get; init; } = 1;

    /// <summary>The lowest level whose traces may hold several wrong attempts.</summary>
    public int SeveralAttemptsFromLevel { get; init; } = 3;

    public void Validate()
    {
        Writer.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWrongAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SeveralAttemptsFromLevel, 1);
    }
}

/// <summary>
/// Builds self-talk traces from critique records (what <c>collect</c> writes). A right solution whose critique agrees
/// becomes a trace with confirmations only. A wrong solution becomes its steps up to the step its critique flags, a check
/// that flags it with the critique's explanation, and a right solution of the same problem from that step on: another
/// record's right solution, or the problem's reference solution, that keeps the same earlier steps (with a labeler, any
/// whose continuation the labeler accepts). On hard problems, other wrong solutions that keep the same earlier steps
/// and go wrong later may come between. Each trace must pass <see cref="SelfTalkKeepRule"/>. A record with no annotator
/// (<see cref="ImproveRunRecords"/>' verified solutions) is a right solution only: it makes no trace and no drop.
/// </summary>
/// <param name="labeler">Exact step labels (the lab checker), or null where there are none.</param>
public sealed class SelfTalkDatasetBuilder(MathGrader grader, ISolutionLabeler? labeler, SelfTalkDatasetOptions options)
{
    private readonly SelfTalkKeepRule _keep = new(grader, labeler);
    private readonly SelfTalkWriter _writer = new(options.Writer);

    /// <param name="problems">The problems by id, when known (their reference solutions, and what a labeler needs); else each record's question and answer.</param>
    public SelfTalkDataset Build(IReadOnlyList<CritiqueRecord> records, IReadOnlyDictionary<string, Problem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options.Validate();
        var traces = new List<SelfTalkExample>();
        var dropped = new List<SelfTalkDrop>();
        var rightSolutions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in records.GroupBy(r => r.ProblemId, StringComparer.Ordinal))
        {
            var first = group.First();
            var problem = problems?.GetValueOrDefault(group.Key) ?? new Problem(group.Key, first.Question, first.ReferenceAnswer, null, first.Level, first.Source);
            var work = new ProblemWork(problem, group.ToArray());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var kept = new List<SelfTalkExample>();
            foreach (var record in work.Records)
            {
                // No annotator, no critique (an improve run's verified sample): no checks to write; it corrects and joins the plain-CoT set.
                if (record.Annotator.Length == 0)
                    continue;
                var outcome = record.SolutionCorrect ? FromRight(work, record) : FromWrong(work, record);
                if (outcome.Trace is not null && !seen.Add(outcome.Key!))
                    dropped.Add(new SelfTalkDrop(record.Id, record.ProblemId, record.Level, SelfTalkDropReason.Duplicate));
                else if (outcome.Trace is { } trace)
                    kept.Add(trace);
                else
                    dropped.Add(new SelfTalkDrop(record.Id, record.ProblemId, record.Level, outcome.Reason!.Value));
            }
            traces.AddRange(kept);
            // The plain-CoT set learns from these: with a labeler, only solutions right at every step.
            rightSolutions[group.Key] = work.Rights.Select(r => r.Text).Where(text => labeler is null || labeler.Label(problem, text).Correct)
                .Concat(kept.Select(t => t.FinalSolution))
                .Distinct(StringComparer.Ordinal).ToArray();
        }
        return new SelfTalkDataset(traces, dropped, rightSolutions);
    }

    /// <param name="Key">What makes two traces the same: their attempts and solution (not which steps got confirmations).</param>
    private readonly record struct Outcome(SelfTalkExample? Trace, SelfTalkDropReason? Reason, string? Key = null);

    /// <summary>A right solution the problem offers as a correction: its steps (with confirmations' explanations) and the record it came from.</summary>
    private sealed record RightSolution(IReadOnlyList<TraceStep> Steps, string? RecordId)
    {
        public string Text => StepSegmenter.Join(Steps.Select(s => s.Text));
    }

    /// <summary>One problem's records and the right solutions that may correct its wrong ones.</summary>
    private sealed class ProblemWork
    {
        public ProblemWork(Problem problem, CritiqueRecord[] records)
        {
            Problem = problem;
            Records = records;
            var rights = records.Where(r => r.SolutionCorrect).Select(r => new RightSolution(Steps(r), r.Id));
            if (problem.ReferenceSolution is { } reference)
                rights = rights.Append(new RightSolution(StepSegmenter.Split(reference).Select(s => new TraceStep(s.Text)).ToArray(), null));
            Rights = rights.DistinctBy(r => r.Text, StringComparer.Ordinal).ToArray();
        }

        public Problem Problem { get; }
        public CritiqueRecord[] Records { get; }
        public IReadOnlyList<RightSolution> Rights { get; }
    }

    private Outcome FromRight(ProblemWork work, CritiqueRecord record)
    {
        if (record.StepVerdicts.Count == 0)
            return new(null, SelfTalkDropReason.UnreadableCritique);
        if (record.FinalVerdict == Verdict.Wrong || record.StepVerdicts.Any(v => v.Verdict == Verdict.Wrong))
            return new(null, SelfTalkDropReason.CritiqueRejectsRightSolution);
        var source = new SelfTalkSource([], Steps(record));
        return Keep(work, record, source, [record.Id]);
    }

    private Outcome FromWrong(ProblemWork work, CritiqueRecord record)
    {
        if (record.StepVerdicts.Count == 0)
            return new(null, SelfTalkDropReason.UnreadableCritique);
        if (Attempt(record) is not { } attempt)
            return new(null, record.FirstWrongStep is null ? SelfTalkDropReason.NoFlag : SelfTalkDropReason.UnreadableCritique);
        if (!_keep.FlagsFirstError(work.Problem, attempt))
            return new(null, SelfTalkDropReason.FlagNotFirstError);

        var chain = new List<(WrongAttempt Attempt, string Id)> { (attempt, record.Id) };
        if (options.MaxWrongAttempts > 1 && record.Level >= options.SeveralAttemptsFromLevel)
            Extend(work, chain);
        // A longer chain may find no correction where the first attempt alone does.
        var outcome = Correct(work, record, chain);
        return outcome.Trace is null && chain.Count > 1 ? Correct(work, record, chain.Take(1).ToList()) : outcome;
    }

    /// <summary>Adds wrong attempts that keep the last one's steps before its flag and go wrong later, with another answer.</summary>
    private void Extend(ProblemWork work, List<(WrongAttempt Attempt, string Id)> chain)
    {
        while (chain.Count < options.MaxWrongAttempts)
        {
            var (last, _) = chain[^1];
            int from = last.FirstWrongStep;
            var next = work.Records
                .Where(r => !r.SolutionCorrect && chain.All(c => c.Id != r.Id) && chain.All(c => Answer(c.Id, work) != r.SolutionAnswer))
                .Select(r => (Attempt: Attempt(r), r.Id))
                .FirstOrDefault(c => c.Attempt is { } a && a.FirstWrongStep >= from && a.Steps.Count >= from
                    && KeepsPrefix(a.Steps, last.Steps, from - 1) && a.Steps[from - 1].Text != last.Steps[from - 1].Text
                    && _keep.FlagsFirstError(work.Problem, a));
            if (next.Attempt is null)
                return;
            chain.Add((next.Attempt, next.Id));
        }
    }

    private static string? Answer(string id, ProblemWork work) => work.Records.First(r => r.Id == id).SolutionAnswer;

    /// <summary>Tries each right solution as the continuation from the last flagged step; the first trace kept wins.</summary>
    private Outcome Correct(ProblemWork work, CritiqueRecord record, List<(WrongAttempt Attempt, string Id)> chain)
    {
        var last = chain[^1].Attempt;
        int from = last.FirstWrongStep;
        SelfTalkDropReason reason = SelfTalkDropReason.NoCorrection;
        foreach (var right in work.Rights)
        {
            if (right.Steps.Count < from || right.Steps[from - 1].Text == last.Steps[from - 1].Text)
                continue;
            // Without a labeler only a solution that shares the earlier steps word for word is known to continue them.
            if (labeler is null && !KeepsPrefix(right.Steps, last.Steps, from - 1))
                continue;
            var solution = last.Steps.Take(from - 1).Concat(right.Steps.Skip(from - 1)).ToArray();
            var source = new SelfTalkSource(chain.Select(c => c.Attempt).ToArray(), solution);
            var outcome = Keep(work, record, source, [.. chain.Select(c => c.Id), .. right.RecordId is { } id ? [id] : Array.Empty<string>()]);
            if (outcome.Trace is not null)
                return outcome;
            reason = outcome.Reason!.Value;
        }
        return new(null, reason);
    }

    private Outcome Keep(ProblemWork work, CritiqueRecord record, SelfTalkSource source, IReadOnlyList<string> sources)
    {
        var text = _writer.Write(source, StableHash.Fnv1a(record.Id, options.Seed));
        if (_keep.Check(work.Problem, source, text) is { } reason)
            return new(null, reason);
        var trace = SelfTalkParser.Parse(text);
        var key = string.Join('\u0001', source.WrongAttempts.Select(a => string.Join('\n', a.Steps.Take(a.FirstWrongStep).Select(s => s.Text))).Append(trace.FinalAnswerText));
        return new(new SelfTalkExample(record.Id, record.ProblemId, record.Question, record.ReferenceAnswer, record.Level, sources,
            text, source.FlaggedSteps, trace.Checks.Count(c => c.Verdict == Verdict.Correct), trace.FinalAnswerText), null, key);
    }

    /// <summary>The record's solution as a wrong attempt flagged where its critique says, or null when the flag is not on one of its steps.</summary>
    private static WrongAttempt? Attempt(CritiqueRecord record)
    {
        var steps = Steps(record);
        if (record.FirstWrongStep is not { } flagged || flagged < 1 || flagged > steps.Count)
            return null;
        return new WrongAttempt(steps, flagged,
            record.StepVerdicts.FirstOrDefault(v => v.Step == flagged)?.Explanation ?? "")
        {
            // RG2 resamples from, and RG3 rewrites, a chosen step: there the error starts, when the steps before it were right.
            KnownFirstError = record.Method is ConstructionMethod.Rg1Sampling ? null : record.ErrorStep,
        };
    }

    /// <summary>The record's steps, each with its critique's explanation when the critique judged it right (what a confirmation says).</summary>
    private static IReadOnlyList<TraceStep> Steps(CritiqueRecord record)
    {
        var confirmed = record.StepVerdicts.Where(v => v.Verdict == Verdict.Correct).GroupBy(v => v.Step).ToDictionary(g => g.Key, g => g.First().Explanation);
        return StepSegmenter.Split(record.Solution).Select(s => new TraceStep(s.Text, confirmed.GetValueOrDefault(s.Index, ""))).ToArray();
    }

    private static bool KeepsPrefix(IReadOnlyList<TraceStep> steps, IReadOnlyList<TraceStep> other, int count) =>
        steps.Count >= count && other.Count >= count && steps.Take(count).Select(s => s.Text).SequenceEqual(other.Take(count).Select(s => s.Text));
}
