namespace MathCritique.Lab;

/// <summary>The checker's verdict on one step.</summary>
/// <param name="Index">1-based step (StepSegmenter numbering); one past the last step for "the solution stops early".</param>
/// <param name="Computations">Every computation found in the step.</param>
/// <param name="Faulty">The computation that is wrong, when the error is in one.</param>
/// <param name="BadOperand">The operand that is not an available quantity (WrongQuantity/SkippedStep), or one used already (<paramref name="Reused"/>).</param>
/// <param name="Expected">The planned step this step should have done, when one is known.</param>
/// <param name="StatedAnswer">The number after "The answer is", when the step states one.</param>
/// <param name="LastResult">The last result computed before this step's answer (for answer lines).</param>
/// <param name="Reused">A WrongQuantity whose <paramref name="BadOperand"/> is at hand but was used already: every lab plan uses each given and each result once.</param>
public sealed record LabStepCheck(
    int Index, string Text, LabErrorType Error, IReadOnlyList<LabComputation> Computations,
    LabComputation? Faulty = null, decimal? BadOperand = null, LabStep? Expected = null,
    string? StatedAnswer = null, decimal? LastResult = null, bool Reused = false)
{
    public bool IsCorrect => Error == LabErrorType.Correct;

    /// <summary>Whether the step says "The answer is ...".</summary>
    public bool IsAnswerLine => StatedAnswer is not null;
}

/// <summary>The exact step-level verdict on a solution to a lab problem.</summary>
/// <param name="Steps">One verdict per step of the solution (errors after the first are judged on the solution's own numbers).</param>
/// <param name="FirstWrong">The first wrong step; a step one past the last when the solution stops without an answer.</param>
/// <param name="FinalAnswer">The last stated final answer, when there is a readable one.</param>
public sealed record LabCheckResult(
    LabProblem Problem, IReadOnlyList<LabStepCheck> Steps, LabStepCheck? FirstWrong, decimal? FinalAnswer)
{
    public int? FirstWrongStep => FirstWrong?.Index;

    public LabErrorType FirstError => FirstWrong?.Error ?? LabErrorType.Correct;

    public bool FinalAnswerCorrect => FinalAnswer == Problem.Answer;

    /// <summary>No wrong step and the right answer.</summary>
    public bool IsCorrect => FirstWrong is null && FinalAnswerCorrect;
}
