using MathCritique.CriticEvaluation;
using MathCritique.Grading;
using MathCritique.Problems;

namespace MathCritique.SelfTalk;

/// <summary>
/// Whether a written trace is kept: it reads back to its source (the same attempts' flags and final solution), its
/// final answer is right, each flag is on the attempt's true first error where that is known (the exact labeler,
/// else the attempt's <see cref="WrongAttempt.KnownFirstError"/>), and, with a labeler, the final solution has no
/// wrong step. The answer graded is <see cref="SelfTalkTrace.FinalAnswerText"/>, never a retracted attempt's.
/// </summary>
/// <param name="labeler">Exact step labels (the lab checker), or null where there are none.</param>
public sealed class SelfTalkKeepRule(MathGrader grader, ISolutionLabeler? labeler = null)
{
    /// <summary>Null when the trace is kept, else why it is dropped.</summary>
    public SelfTalkDropReason? Check(Problem problem, SelfTalkSource source, string text)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(text);
        var trace = SelfTalkParser.Parse(text);
        if (!ReadsBack(trace, source))
            return SelfTalkDropReason.DoesNotParseBack;
        if (!source.WrongAttempts.All(a => FlagsFirstError(problem, a)))
            return SelfTalkDropReason.FlagNotFirstError;
        if (!grader.Grade(problem.ReferenceAnswer, trace.FinalAnswerText).Correct)
            return SelfTalkDropReason.FinalAnswerWrong;
        if (labeler is not null && !labeler.Label(problem, trace.FinalAnswerText).Correct)
            return SelfTalkDropReason.SolutionStepsWrong;
        return null;
    }

    /// <summary>
    /// Whether the attempt's flag is on its first error: the labeler's, else <see cref="WrongAttempt.KnownFirstError"/>;
    /// true when neither knows (an unknown location cannot refute a flag).
    /// </summary>
    public bool FlagsFirstError(Problem problem, WrongAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        // A labeler that finds no error at all proves the flag false.
        int? truth = labeler is not null ? labeler.Label(problem, attempt.Text).FirstWrongStep : attempt.KnownFirstError;
        return (labeler is null && truth is null) || truth == attempt.FirstWrongStep;
    }

    /// <summary>The trace is well formed, its attempts and flags are the source's, in order, and it ends with the source's solution.</summary>
    public static bool ReadsBack(SelfTalkTrace trace, SelfTalkSource source)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(source);
        return trace.IsWellFormed
            && trace.Flags.Select(f => f.Step).SequenceEqual(source.FlaggedSteps)
            && trace.Attempts.Count == source.WrongAttempts.Count + 1
            && source.WrongAttempts.Select((a, i) => trace.Attempts[i].Steps.SequenceEqual(a.Steps.Take(a.FirstWrongStep).Select(s => s.Text))).All(same => same)
            && trace.FinalSteps.SequenceEqual(source.FinalSteps);
    }
}
