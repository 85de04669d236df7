using MathCritique.Critiques;
using MathCritique.Solutions;

namespace MathCritique.SelfTalk;

/// <summary>One self-check in a trace: the step it checks, its verdict and its explanation.</summary>
/// <param name="Attempt">1-based attempt the check was written in.</param>
/// <param name="Line">1-based line of the trace text.</param>
public sealed record SelfCheck(int Step, Verdict Verdict, string Explanation, int Attempt, int Line);

/// <summary>One attempt at the solution: its steps as they stood when it ended, and the step a check retracted.</summary>
/// <param name="FromStep">The first step this attempt wrote (the earlier ones it kept from the attempt before).</param>
/// <param name="Steps">The whole solution as the attempt left it, step 1 onwards.</param>
/// <param name="RetractedFromStep">The step a wrong check flagged, from which the next attempt rewrites; null for the last attempt.</param>
public sealed record SelfTalkAttempt(int FromStep, IReadOnlyList<string> Steps, int? RetractedFromStep)
{
    /// <summary>The attempt as solution text, one step per line.</summary>
    public string Text => StepSegmenter.Join(Steps);
}

/// <summary>Something in a trace that does not follow the format, with its 1-based line.</summary>
public sealed record SelfTalkParseIssue(int Line, string Message);

/// <summary>
/// A self-talk trace read back (<see cref="SelfTalkParser"/>): its attempts, its self-checks and the final solution.
/// Grade <see cref="FinalAnswerText"/>, never the whole trace: a retracted attempt's answer is not the answer.
/// </summary>
public sealed record SelfTalkTrace(
    IReadOnlyList<SelfTalkAttempt> Attempts, IReadOnlyList<SelfCheck> Checks, IReadOnlyList<SelfTalkParseIssue> Issues)
{
    /// <summary>The steps of the solution as the last attempt leaves it.</summary>
    public IReadOnlyList<string> FinalSteps => Attempts.Count == 0 ? [] : Attempts[^1].Steps;

    /// <summary>The final solution, one step per line, without checks or retracted steps: what a grader reads.</summary>
    public string FinalAnswerText => StepSegmenter.Join(FinalSteps);

    /// <summary>The checks that found their step wrong, in order.</summary>
    public IReadOnlyList<SelfCheck> Flags => Checks.Where(c => c.Verdict == Verdict.Wrong).ToArray();

    /// <summary>The attempts a check retracted (all but the last).</summary>
    public IReadOnlyList<SelfTalkAttempt> Retracted => Attempts.Where(a => a.RetractedFromStep is not null).ToArray();

    /// <summary>
    /// The 1-based lines of the steps a wrong check retracted (the flagged step and any written after it), in order: the
    /// step lines of the attempts the trace takes back, without their check and correction lines.
    /// </summary>
    public IReadOnlyList<int> RetractedStepLines { get; init; } = [];

    /// <summary>Whether the text followed the format everywhere.</summary>
    public bool IsWellFormed => Issues.Count == 0;
}
