using System.Text.RegularExpressions;

namespace MathCritique.SelfImprovement;

/// <summary>
/// When two solutions count as the same, for de-duplication and diversity: by their exact text (whitespace runs
/// folded), and by their computations (RFT's "reasoning path": the sequence of equations written, spaces removed),
/// so a solution reworded around the same working is not a new one.
/// </summary>
public static partial class SolutionSignature
{
    /// <summary>The text with whitespace runs folded to one space and the ends trimmed.</summary>
    public static string Text(string solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return Whitespace().Replace(solution, " ").Trim();
    }

    /// <summary>The equations written (<c>12 + 5 = 17</c> → <c>12+5=17</c>) in order, joined by <c>;</c>; the text itself when it writes none.</summary>
    public static string Computations(string solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var equations = Equation().Matches(solution).Select(m => Whitespace().Replace(m.Value, "")).ToArray();
        return equations.Length == 0 ? "text:" + Text(solution) : string.Join(';', equations);
    }

    /// <summary>How many runs of digits a text has (the shortcut barrier counts them).</summary>
    public static int NumberCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Digits().Count(text);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // An expression of numbers and operators, "=", a number: "12 + 5 = 17", "3 × 4 = 12", "(2+3)*4=20".
    [GeneratedRegex(@"[\d(][\d.,\s()+\-*/×÷]*[+\-*/×÷][\d.,\s()+\-*/×÷]*=\s*-?\d+(?:[.,]\d+)*")]
    private static partial Regex Equation();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
