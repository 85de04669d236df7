using MathCritique.CriticEvaluation;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Solutions;

namespace MathCritique.SelfTalk;

/// <summary>
/// One flag a model wrote, judged. With an exact labeler (the lab checker): <see cref="Justified"/> — the attempt is
/// wrong at or before the flagged step; <see cref="FirstError"/> — the flagged step is the attempt's first wrong one;
/// <see cref="Broke"/> — the flagged step was right and its replacement is wrong. Null without a labeler.
/// </summary>
/// <param name="Step">The flagged step (1-based).</param>
/// <param name="Attempt">The attempt the flag retracted (1-based).</param>
/// <param name="EditDistance">Characters between the retracted step and the step that replaced it.</param>
/// <param name="NormalizedEditDistance">The same over the longer step's length: 0 is a copy (collapse).</param>
public sealed record SelfTalkFlagOutcome(
    int Step, int Attempt, bool? Justified, bool? FirstError, bool? Broke, int EditDistance, double NormalizedEditDistance);

/// <summary>One output of an actor, read as self-talk and graded on its final attempt.</summary>
/// <param name="FinalAnswerText">The final solution without checks or retracted attempts (<see cref="SelfTalkTrace.FinalAnswerText"/>): what is graded.</param>
/// <param name="Correct">Whether the final solution's answer is the reference answer.</param>
/// <param name="Confirmations">Checks that found their step right.</param>
/// <param name="Issues">Lines that did not follow the format (<see cref="SelfTalkTrace.Issues"/>).</param>
public sealed record SelfTalkOutputAnalysis(
    string FinalAnswerText, bool Correct, IReadOnlyList<SelfTalkFlagOutcome> Flags, int Confirmations, int Issues)
{
    public bool Flagged => Flags.Count > 0;

    /// <summary>A flagged output whose final answer is right.</summary>
    public bool Fixed => Flagged && Correct;

    /// <summary>A flagged output in which a right step was "corrected" into a wrong one (null without a labeler).</summary>
    public bool? Broken => Flagged && Flags.All(f => f.Broke is not null) ? Flags.Any(f => f.Broke == true) : null;

    /// <summary>
    /// Reads <paramref name="text"/> as a self-talk trace (plain chain of thought reads as one attempt without checks),
    /// grades its final attempt, and judges every flag against <paramref name="labeler"/> when there is one.
    /// </summary>
    public static SelfTalkOutputAnalysis Analyze(Problem problem, string text, MathGrader grader, ISolutionLabeler? labeler)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(grader);
        var trace = SelfTalkParser.Parse(text);
        var final = trace.FinalAnswerText;
        var flags = new List<SelfTalkFlagOutcome>();
        for (int i = 0; i + 1 < trace.Attempts.Count; i++)
        {
            var retracted = trace.Attempts[i];
            int step = retracted.RetractedFromStep!.Value;
            var next = trace.Attempts[i + 1];
            string before = retracted.Steps[step - 1];
            string after = step <= next.Steps.Count ? next.Steps[step - 1] : "";
            bool? justified = null, first = null, broke = null;
            if (labeler is not null)
            {
                // The checker's first wrong step among steps 1..k; one past k (it stops without an answer) means none.
                int? FirstWrongUpToFlag(IReadOnlyList<string> steps) => labeler.Label(problem, StepSegmenter.Join(steps.Take(step).ToArray())).FirstWrongStep is { } f && f <= step ? f : null;
                var wrongBefore = FirstWrongUpToFlag(retracted.Steps);
                justified = wrongBefore is not null;
                first = wrongBefore == step;
                broke = wrongBefore is null && step <= next.Steps.Count && FirstWrongUpToFlag(next.Steps) is not null;
            }
            flags.Add(new SelfTalkFlagOutcome(step, i + 1, justified, first, broke, EditDistance.Between(before, after), EditDistance.Normalized(before, after)));
        }
        return new SelfTalkOutputAnalysis(final, grader.Grade(problem.ReferenceAnswer, final).Correct, flags,
            trace.Checks.Count(c => c.Verdict == Verdict.Correct), trace.Issues.Count);
    }
}
