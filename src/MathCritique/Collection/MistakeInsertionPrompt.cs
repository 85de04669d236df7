using System.Text;
using System.Text.RegularExpressions;
using MathCritique.Problems;

namespace MathCritique.Collection;

/// <summary>
/// What <see cref="ModelMistakeInserter"/> asks a model (rewrite step k of a correct solution with a named mistake, one
/// line back) and how it reads the reply: the first line with text, without a "Step k:" label, quotes or a code fence.
/// A reply with nothing readable, or one that leaves the step as it was, is dropped with its reason.
/// </summary>
public static partial class MistakeInsertionPrompt
{
    public const string EmptyReply = "the reply is empty";
    public const string UnreadableReply = "the reply has no step in it (no letter or digit)";
    public const string UnchangedStep = "the reply leaves the step unchanged";

    public static string Build(Problem problem, IReadOnlyList<string> steps, int stepIndex, MistakeType type)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepIndex, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepIndex, steps.Count);
        var text = new StringBuilder();
        text.Append("You are writing exercises for students who learn to find mistakes in math solutions.\n\n");
        text.Append("Question: ").Append(problem.Question).Append("\n\nA correct solution, one step per line:\n");
        for (int i = 0; i < steps.Count; i++)
            text.Append("Step ").Append(i + 1).Append(": ").Append(steps[i]).Append('\n');
        text.Append("\nRewrite step ").Append(stepIndex).Append(" so that it contains a ").Append(MistakeTypeNames.Name(type))
            .Append(": ").Append(Instruction(type)).Append(
                " Keep the rest of the step's wording and style. Do not fix, mark or mention the mistake.\n" +
                "Reply with the rewritten step only, on one line, without a \"Step N:\" label.");
        return text.ToString();
    }

    /// <summary>What each mistake type asks for, in the prompt's words.</summary>
    public static string Instruction(MistakeType type) => type switch
    {
        MistakeType.CalculationError => "do the step's arithmetic wrong (a wrong sum, difference, product or quotient) and write the wrong result.",
        MistakeType.WrongQuantity => "use a wrong number in place of one the step needs, a number the question and the earlier steps do not give for it, and compute with it.",
        MistakeType.WrongOperation => "apply the wrong operation to the step's numbers (for example add where it should multiply) and compute that operation's result correctly.",
        MistakeType.SkippedStep => "leave out a computation the step needs and go on as if it had been done.",
        MistakeType.MisreadCondition => "misread a condition of the question (a quantity, a rate, a relation or what is asked) and compute with the misreading.",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown mistake type"),
    };

    /// <summary>The rewritten step in <paramref name="reply"/>, or why there is none (the reply kept for the record).</summary>
    public static MistakeInsertion Read(string reply, string originalStep)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(originalStep);
        var line = reply.Split('\n').Select(Clean).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal));
        if (line is null)
            return MistakeInsertion.Dropped(EmptyReply, reply);
        if (!line.Any(char.IsLetterOrDigit))
            return MistakeInsertion.Dropped(UnreadableReply, reply);
        if (Normalize(line) == Normalize(originalStep))
            return MistakeInsertion.Dropped(UnchangedStep, reply);
        return MistakeInsertion.Made(line);
    }

    // A line without the labels and wrapping models put around an answer: "**Step 3:**", "Rewritten step:", quotes.
    private static string Clean(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
            return text;
        text = Label().Replace(text, "").Trim();
        return text.Trim('"', '\'', '`', '\u201C', '\u201D').Trim();
    }

    private static string Normalize(string step) => string.Join(' ', step.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    [GeneratedRegex(@"^(?:[-*>]\s*)?(?:\*\*)?(?:(?:rewritten|new|modified)\s+)?(?:step(?:\s*\d+)?|rewritten step)\s*[:.)\-]\s*(?:\*\*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
