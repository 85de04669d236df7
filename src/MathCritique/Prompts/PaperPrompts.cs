using MathCritique.Critiques;

namespace MathCritique.Prompts;

/// <summary>
/// Prompts for instruction-following models (served by vLLM, llama.cpp, Ollama, OpenAI…), after the paper's: the
/// actor writes one step per line and ends with "The answer is X."; the critic writes the step-level format that
/// <see cref="Critiques.CritiqueParser"/> reads, with no reference answer (it is the test-time critic); the refine
/// prompt hands the actor its earlier solution and the critique. The lab models use their own compact prompts.
/// </summary>
public static class PaperPrompts
{
    /// <summary>The name the prompt set is registered under.</summary>
    public const string Name = "paper";

    private const string SolveInstruction =
        "Solve the math problem step by step. Write each step on its own line, and end with a line \"The answer is X.\" where X is the final answer.";

    public static PromptSet Create() => new(
        Solve: question => $"{SolveInstruction}\n\nQuestion: {question}",
        Critique: (question, solution) => $"""
            Check the solution to the math problem step by step. Solution steps are separated by newlines.

            Question: {question}

            Solution:
            {solution}

            {CritiqueFormatter.Instructions}
            """,
        Refine: (question, solution, critique) => $"""
            {SolveInstruction}

            Question: {question}

            Your previous solution:
            {solution}

            A teacher's feedback on it:
            {critique}

            Write a corrected solution, fixing the steps the feedback marks wrong.
            """);
}
