using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Problems;
using MathCritique.SelfTalk;
using MathCritique.Solutions;

namespace MathCritique.Tests.SelfTalk;

/// <summary>Critique records as collect writes them, for a problem whose every number is known.</summary>
internal static class SelfTalkRecords
{
    // Tom gets 2 bags of 7 beads and had 10: 2 * 7 = 14; 10 + 14 = 24.
    public static Problem Beads { get; } = new("beads", "Tom has 10 beads. He gets 2 bags of 7 beads. How many beads does he have?", "24", Level: 2);

    public const string Right = "He gets 2 * 7 = 14 beads.\nHe has 10 + 14 = 24 beads.\nThe answer is 24.";
    public const string WrongAtStep2 = "He gets 2 * 7 = 14 beads.\nHe has 17 + 14 = 31 beads.\nThe answer is 31.";
    public const string WrongAtStep1 = "He gets 2 * 7 = 15 beads.\nHe has 10 + 15 = 25 beads.\nThe answer is 25.";

    /// <summary>A solution's lines as steps to write, each with an explanation for its confirmation.</summary>
    public static TraceStep[] TraceSteps(string solution) =>
        solution.Split('\n').Select((s, i) => new TraceStep(s, $"step {i + 1} checks out.")).ToArray();

    /// <summary>A record whose critique judges each step right up to <paramref name="flag"/>, which it calls wrong (the oracle stops there).</summary>
    public static CritiqueRecord Record(string id, string solution, bool correct, int? flag, ConstructionMethod method = ConstructionMethod.Rg1Sampling, int? errorStep = null, Problem? problem = null)
    {
        problem ??= Beads;
        var steps = StepSegmenter.Split(solution);
        var judged = steps.TakeWhile(s => flag is null || s.Index <= flag).Select(s => s.Index == flag
            ? new StoredStepVerdict(s.Index, s.Text, Verdict.Wrong, $"step {s.Index} does not follow.")
            : new StoredStepVerdict(s.Index, s.Text, Verdict.Correct, $"step {s.Index} checks out.")).ToArray();
        return new CritiqueRecord
        {
            Id = $"{problem.Id}/{id}",
            ProblemId = problem.Id,
            Question = problem.Question,
            ReferenceAnswer = problem.ReferenceAnswer,
            Level = problem.Level,
            Method = method,
            Solution = solution,
            SolutionAnswer = steps[^1].Text,
            SolutionCorrect = correct,
            ErrorStep = errorStep,
            Annotator = "test",
            Critique = "(parsed below)",
            FinalVerdict = flag is null ? Verdict.Correct : Verdict.Wrong,
            FirstWrongStep = flag,
            StepVerdicts = judged,
            Kept = true,
        };
    }
}
