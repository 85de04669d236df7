using System.Text.RegularExpressions;
using MathCritique.Prompts;

namespace MathCritique.Lab;

/// <summary>
/// Compact prompts for the tiny lab models (byte-level tokens, ~1.5k-token context): every byte of wording
/// is a byte less for the question, the solution and the critique. Every prompt restates the question's
/// numbers ("Numbers: 23, 3, 14"): the tiny models learn to copy a number from 20 tokens back far sooner than
/// from 100 (bench/README.md, "Lab models"), the critic checks a step's operands against one short list, and the
/// line adds nothing a reader of the question does not already have.
/// </summary>
public static partial class LabPrompts
{
    /// <summary>The registered name of <see cref="Create"/>.</summary>
    public const string Name = "lab";

    /// <summary>The registered name of <see cref="CreateStepwise"/>.</summary>
    public const string StepwiseName = "lab-stepwise";

    public static PromptSet Create() => new(
        Solve: question => $"{question}\n{Numbers(question)}",
        Critique: (question, solution) => $"Critique this solution.\nQuestion: {question}\n{Numbers(question)}\nSolution:\n{solution}",
        Refine: (question, solution, critique) =>
            $"Question: {question}\nPrevious solution:\n{solution}\nCritique:\n{WithoutCheckLines(critique)}\nWrite a corrected solution.\n{Numbers(question)}");

    /// <summary>The same prompts, with critiques asked for one step at a time through <see cref="CheckStep"/> (<see cref="StepwiseCritique"/>).</summary>
    public static PromptSet CreateStepwise() => Create() with { CheckStep = CheckStep };

    /// <summary>
    /// A critique as the lab actor learnt to read it: without a critic's <c>Check:</c> working lines (the actor was
    /// trained on critiques without them, and they are the critic's scratch work, not feedback).
    /// </summary>
    public static string WithoutCheckLines(string critique) =>
        string.Join('\n', critique.Split('\n').Where(line => !line.StartsWith(Critiques.CritiqueFormatter.CheckLabel + ":", StringComparison.Ordinal)));

    /// <summary>The step-check drill's prompt: judge the last step of a solution cut short (see <see cref="LabTrainingMix.CheckPerLevel"/>).</summary>
    public static string CheckStep(string question, IEnumerable<string> steps) =>
        $"Check the last step.\n{Numbers(question)}\nSolution:\n{string.Join('\n', steps)}";

    /// <summary>"Numbers: a, b, c": the numbers of the question in order.</summary>
    public static string Numbers(string question) => "Numbers: " + string.Join(", ", NumberList(question));

    /// <summary>The numbers of a question as written, in order (the Numbers line).</summary>
    public static IReadOnlyList<string> NumberList(string question) => NumberPattern().Matches(question).Select(m => m.Value).ToArray();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex NumberPattern();
}
