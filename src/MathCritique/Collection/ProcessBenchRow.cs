namespace MathCritique.Collection;

/// <summary>
/// One solution in ProcessBench's layout (Qwen/ProcessBench): <c>label</c> is the 0-based index of the first wrong
/// step in <c>steps</c>, or −1 when every step is right; <c>label_source</c> (ours) says how that label is known
/// (<see cref="ProcessBenchLabelSource"/>).
/// </summary>
public sealed record ProcessBenchRow(string Id, string Generator, string Problem, IReadOnlyList<string> Steps, int Label, bool FinalAnswerCorrect, string LabelSource);

/// <summary>How a <see cref="ProcessBenchRow.Label"/> is known, most exact first.</summary>
public static class ProcessBenchLabelSource
{
    /// <summary>An exact step checker (<see cref="CriticEvaluation.ISolutionLabeler"/>; the lab's on lab problems).</summary>
    public const string Checker = "checker";

    /// <summary>RG3: the step a mistake was written into, in a solution whose earlier steps come from one with the right answer.</summary>
    public const string Rg3Inserted = "rg3-inserted";

    /// <summary>RG2: the first step the actor resampled (the paper's error location) after the steps of a solution with the right answer; its first error may come later.</summary>
    public const string Rg2Resampled = "rg2-resampled";

    /// <summary>−1 because the final answer is right: taken to mean every step is (ProcessBench finds some such solutions flawed).</summary>
    public const string FinalAnswerCorrect = "final-answer-correct";
}
