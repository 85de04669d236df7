using MathCritique.TestTime;

namespace MathCritique.Lab;

/// <summary>
/// Compact prompts for the tiny lab models (byte-level tokens, ~1024-token context): every byte of wording
/// is a byte less for the question, the solution and the critique.
/// </summary>
public static class LabPrompts
{
    public static PromptSet Create() => new(
        Solve: question => question,
        Critique: (question, solution) => $"Critique this solution.\nQuestion: {question}\nSolution:\n{solution}",
        Refine: (question, solution, critique) =>
            $"Question: {question}\nPrevious solution:\n{solution}\nCritique:\n{critique}\nWrite a corrected solution.");
}
