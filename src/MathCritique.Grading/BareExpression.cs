namespace MathCritique.Grading;

/// <summary>
/// Whether a whole text is a bare math answer (<c>\frac{1}{3}</c>, <c>\sqrt3</c>, <c>.4</c>, <c>x = 5</c>,
/// <c>\frac{1}{3} \text{meters}</c>) rather than prose, so it is graded whole instead of by its last number
/// (which would read <c>\frac{1}{3}</c> as 3).
/// </summary>
internal static class BareExpression
{
    /// <summary>Longer texts are solutions, not answers; the cap also bounds the cost on hostile inputs.</summary>
    private const int MaxLength = 500;

    private static readonly HashSet<string> MathWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "pi", "inf", "infty", "infinity", "and", "or",
    };

    public static bool Accepts(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length is 0 or > MaxLength)
            return false;
        if (PlainNumber.TryParse(s, out _, out _))
            return true;
        var normalized = LatexNormalizer.Normalize(s.ToString());
        if (normalized.Length == 0 || HasWord(normalized))
            return false;
        try
        {
            MathParser.Parse(normalized);
            return true;
        }
        catch (MathParseException)
        {
            return false;
        }
    }

    /// <summary>A run of two or more letters that is not a LaTeX command, a function or a constant: prose.</summary>
    private static bool HasWord(string s)
    {
        int i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiLetter(s[i]))
            {
                i++;
                continue;
            }
            int end = i;
            while (end < s.Length && char.IsAsciiLetter(s[end]))
                end++;
            bool command = i > 0 && s[i - 1] == '\\';
            // A \begin{pmatrix}-style environment name is part of the command before it.
            bool environment = i > 0 && s[i - 1] == '{' && (s.AsSpan(0, i - 1).EndsWith("\\begin") || s.AsSpan(0, i - 1).EndsWith("\\end"));
            var run = s[i..end];
            if (end - i >= 2 && !command && !environment && !MathWords.Contains(run) && !MathTokenizer.FunctionNames.ContainsKey(run))
                return true;
            i = end;
        }
        return false;
    }
}
