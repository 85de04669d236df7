namespace MathCritique.Grading;

/// <summary>
/// Answers that are words or choice letters, not math: <c>yes</c>/<c>No</c>, <c>east</c>, <c>(B)</c>. They are compared
/// ignoring case (and the brackets of a choice letter) before parsing, because the parser reads a two-letter word as a
/// product of variables (<c>No</c> = N·o, <c>no</c> = n·o). Longer words are case-insensitive in the parser already;
/// a bare single letter stays case-sensitive (<c>a</c> and <c>A</c> may be different variables).
/// </summary>
internal static class WordAnswer
{
    /// <summary>Decides the pair when both normalized answers are words or choice letters; false to leave it to the parser.</summary>
    public static bool TryCompare(string gold, string pred, out Verdict verdict)
    {
        verdict = default;
        if (ChoiceLetter(gold) is { } g && ChoiceLetter(pred) is { } p && (IsBracketed(gold) || IsBracketed(pred)))
        {
            verdict = char.ToUpperInvariant(g) == char.ToUpperInvariant(p) ? new(true, "same choice") : new(false, "different choices");
            return true;
        }
        if (IsWords(gold) && IsWords(pred) && string.Equals(gold, pred, StringComparison.OrdinalIgnoreCase))
        {
            verdict = new(true, "same words (case ignored)");
            return true;
        }
        return false;
    }

    /// <summary>The letter of <c>B</c> or <c>(B)</c>; null for anything else.</summary>
    private static char? ChoiceLetter(string s) => s switch
    {
        [var c] when char.IsAsciiLetter(c) => c,
        ['(', var c, ')'] when char.IsAsciiLetter(c) => c,
        _ => null,
    };

    private static bool IsBracketed(string s) => s.StartsWith('(');

    /// <summary>Letters and single spaces only, at least two letters: a word or a phrase.</summary>
    private static bool IsWords(string s)
    {
        if (s.Length < 2 || !char.IsAsciiLetter(s[0]) || !char.IsAsciiLetter(s[^1]))
            return false;
        for (int i = 1; i < s.Length - 1; i++)
        {
            if (!(char.IsAsciiLetter(s[i]) || (s[i] == ' ' && s[i - 1] != ' ')))
                return false;
        }
        return true;
    }
}
