using System.Globalization;
using MathCritique.Solutions;

namespace MathCritique.Lab;

/// <summary>
/// What a critique prompt gives a critic to judge: the question's numbers and the solution's steps, and whether it
/// asks for the last step only. Reads the lab prompts (<c>Critique this solution.</c>, and <c>Check the last step.</c>
/// of lab-stepwise, each with its <c>Numbers:</c> line) and prompts that quote a <c>Question:</c> and a solution under
/// a line ending in <c>Solution:</c> (the paper's critique prompt, the annotator's); a reference answer a prompt
/// carries is not read.
/// </summary>
public sealed record LabCritiquePrompt(IReadOnlyList<decimal> Numbers, IReadOnlyList<string> Steps, bool LastStepOnly)
{
    private const string CheckStepLead = "Check the last step.";
    private const string NumbersLead = "Numbers:";
    private const string QuestionLead = "Question:";

    // What follows the solution in the paper's and the annotator's prompts.
    private static readonly string[] SolutionEnds = ["\nReference answer:", "\nFor each step write exactly:"];

    /// <summary>The prompt's numbers and steps, or null when it quotes no solution.</summary>
    public static LabCritiquePrompt? TryRead(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var lines = prompt.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int solution = Array.FindIndex(lines, l => l.TrimEnd().EndsWith("olution:", StringComparison.Ordinal));
        if (solution < 0)
            return null;
        string text = string.Join('\n', lines[(solution + 1)..]);
        foreach (var end in SolutionEnds)
        {
            int at = text.IndexOf(end, StringComparison.Ordinal);
            if (at >= 0)
                text = text[..at];
        }
        var header = lines[..solution];
        // The Numbers line is the question's numbers in order; without one, they are read from the question.
        string numbers = header.FirstOrDefault(l => l.StartsWith(NumbersLead, StringComparison.Ordinal))?[NumbersLead.Length..]
            ?? Question(header);
        return new LabCritiquePrompt(
            LabPrompts.NumberList(numbers).Select(n => decimal.Parse(n, CultureInfo.InvariantCulture)).ToArray(),
            StepSegmenter.Split(text).Select(s => s.Text).ToArray(),
            header.Length > 0 && header[0].Trim() == CheckStepLead);
    }

    // The question: from "Question:" to the first blank line (the paper's prompt) or the solution.
    private static string Question(string[] header)
    {
        int start = Array.FindIndex(header, l => l.StartsWith(QuestionLead, StringComparison.Ordinal));
        if (start < 0)
            return "";
        var question = header[start..].TakeWhile((l, i) => i == 0 || l.Trim().Length > 0);
        return string.Join('\n', question)[QuestionLead.Length..];
    }
}
