using System.Collections.Frozen;
using System.Text;

namespace MathCritique.Grading;

/// <summary>
/// String-level cleanup of an extracted answer before tokenizing: math delimiters, currency, <c>\text{}</c>-like
/// wrappers, unit words, degree marks, LaTeX thousands separators (<c>10{,}000</c>, <c>10,\!000</c>, <c>10\,000</c>),
/// percent words, trailing punctuation. Every step is a linear scan; there are no regular expressions.
/// </summary>
internal static class LatexNormalizer
{
    private static readonly FrozenSet<string> TextCommands = new[]
    {
        "text", "textbf", "textit", "textrm", "textnormal", "textsf", "texttt", "mbox", "hbox", "mathrm", "mathbf", "mathit",
        "mathsf", "mathtt", "operatorname", "boldsymbol", "emph", "boxed", "fbox",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that mean something in an answer and must not be dropped as units.</summary>
    private static readonly FrozenSet<string> KeptWords = new[]
    {
        "pi", "sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "sqrt", "inf", "infty", "infinity", "and", "or", "i", "e",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Units that may be glued to a number (<c>5cm</c>); longer words are dropped anyway when spaced.</summary>
    private static readonly FrozenSet<string> GluedUnits = new[]
    {
        "mm", "cm", "km", "kg", "mg", "ml", "mL", "ft", "mph", "kmh", "hr", "hrs", "min", "mins", "sec", "secs", "cents", "dollars",
        "inches", "feet", "meters", "units", "sq", "m²", "cm²",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Single letters dropped as units only when spaced from a number at the end (<c>5 m</c>).</summary>
    private const string SingleLetterUnits = "mgshLJNK";

    public static string Normalize(string answer)
    {
        var s = answer.Trim();
        s = StripDelimiters(s);
        s = s.Replace("\\$", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal)
            .Replace("€", "", StringComparison.Ordinal).Replace("£", "", StringComparison.Ordinal).Replace("¥", "", StringComparison.Ordinal)
            .Replace("₹", "", StringComparison.Ordinal)
            .Replace("\\%", "%", StringComparison.Ordinal)
            .Replace("\\left.", "", StringComparison.Ordinal).Replace("\\right.", "", StringComparison.Ordinal)
            .Replace("\\displaystyle", "", StringComparison.Ordinal)
            .Replace("\\mathbb{R}", "(-\\infty,\\infty)", StringComparison.Ordinal)
            .Replace("\\dfrac", "\\frac", StringComparison.Ordinal).Replace("\\tfrac", "\\frac", StringComparison.Ordinal)
            .Replace("\\cfrac", "\\frac", StringComparison.Ordinal);
        s = DropDegrees(s);
        for (int pass = 0; pass < 3 && s.Contains('\\', StringComparison.Ordinal); pass++)
        {
            var unwrapped = UnwrapText(s);
            if (unwrapped == s)
                break;
            s = unwrapped;
        }
        s = JoinThousands(s);
        s = ReplaceWords(s);
        s = TrimPunctuation(s);
        s = DropTrailingUnits(s);
        if (s.StartsWith("**", StringComparison.Ordinal) && s.EndsWith("**", StringComparison.Ordinal) && s.Length >= 4)
            s = s[2..^2].Trim();
        return TrimPunctuation(s);
    }

    private static readonly string[] DegreeMarks = ["^{\\circ}", "^\\circ", "\\circ", "°", "\\degree"];

    private static readonly string[] TrigonometricFunctions = ["\\sin", "\\cos", "\\tan", "\\cot", "\\sec", "\\csc", "sin(", "cos(", "tan(", "sin ", "cos ", "tan "];

    /// <summary>The number the text ends with, <c>80</c>, becomes <c>(80\cdot\pi/180)</c>; nothing when it ends otherwise.</summary>
    private static void InRadians(StringBuilder sb)
    {
        int start = sb.Length;
        while (start > 0 && (char.IsAsciiDigit(sb[start - 1]) || sb[start - 1] == '.'))
            start--;
        if (start == sb.Length || !char.IsAsciiDigit(sb[sb.Length - 1]))
            return;
        sb.Insert(start, '(').Append("\\cdot\\pi/180)");
    }

    /// <summary>Degree marks go, with a temperature scale right after one: <c>30^\circ</c>, <c>5^{\circ} C</c>, <c>451°F</c>.</summary>
    private static string DropDegrees(string s)
    {
        if (!s.Contains("circ", StringComparison.Ordinal) && !s.Contains('°', StringComparison.Ordinal) && !s.Contains("degree", StringComparison.Ordinal))
            return s;
        // Inside a trigonometric expression a degree is an angle (sin 30° = 1/2), elsewhere a unit to drop (30° ≡ 30).
        bool trigonometry = Array.Exists(TrigonometricFunctions, f => s.Contains(f, StringComparison.Ordinal));
        var sb = new StringBuilder(s.Length + 16);
        int i = 0;
        while (i < s.Length)
        {
            var mark = Array.Find(DegreeMarks, m => At(s, i, m));
            if (mark is null)
            {
                sb.Append(s[i++]);
                continue;
            }
            i += mark.Length;
            if (trigonometry)
                InRadians(sb);
            int scale = i;
            while (scale < s.Length && s[scale] is ' ' or '~')
                scale++;
            if (scale < s.Length && (s[scale] is 'C' or 'F') && !(scale + 1 < s.Length && char.IsAsciiLetter(s[scale + 1])))
                i = scale + 1;
        }
        return sb.ToString();
    }

    private static string StripDelimiters(string s)
    {
        foreach (var (open, close) in (ReadOnlySpan<(string, string)>)[("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$")])
        {
            if (s.Length >= open.Length + close.Length && s.StartsWith(open, StringComparison.Ordinal) && s.EndsWith(close, StringComparison.Ordinal))
                return s[open.Length..^close.Length].Trim();
        }
        return s;
    }

    /// <summary>
    /// <c>\text{...}</c> and friends: "and"/"or" become a comma; words after a value are units and go (with a
    /// following <c>^2</c>); anything else is unwrapped (<c>\text{(C)}</c> is <c>(C)</c>, <c>\text{Evelyn}</c> stays a word).
    /// </summary>
    private static string UnwrapText(string s)
    {
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] != '\\' || i + 1 >= s.Length || !char.IsAsciiLetter(s[i + 1]))
            {
                // Copy an escaped non-letter (\{, \\, \,) whole so its backslash is not read as a command start.
                if (s[i] == '\\' && i + 1 < s.Length)
                {
                    sb.Append(s, i, 2);
                    i += 2;
                    continue;
                }
                sb.Append(s[i++]);
                continue;
            }
            int nameEnd = i + 1;
            while (nameEnd < s.Length && char.IsAsciiLetter(s[nameEnd]))
                nameEnd++;
            var name = s[(i + 1)..nameEnd];
            int open = nameEnd;
            while (open < s.Length && s[open] == ' ')
                open++;
            if (!TextCommands.Contains(name) || open >= s.Length || s[open] != '{')
            {
                sb.Append(s, i, nameEnd - i);
                i = nameEnd;
                continue;
            }
            int close = MatchingBrace(s, open);
            if (close < 0)
            {
                i = nameEnd; // an unclosed wrapper: drop the command, keep the rest
                continue;
            }
            var content = s[(open + 1)..close];
            var trimmed = content.Trim();
            i = close + 1;
            if (trimmed.Equals("and", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("or", StringComparison.OrdinalIgnoreCase)
                || trimmed == ",")
            {
                sb.Append(" , ");
            }
            else if (IsWords(trimmed) && HasValueBefore(sb))
            {
                i = SkipUnitPower(s, i);
                sb.Append(' ');
            }
            else
                sb.Append(' ').Append(content).Append(' ');
        }
        return sb.ToString().Trim();
    }

    private static int MatchingBrace(string s, int open)
    {
        int depth = 0;
        for (int j = open; j < s.Length; j++)
        {
            if (s[j] == '\\')
            {
                j++;
                continue;
            }
            if (s[j] == '{')
                depth++;
            else if (s[j] == '}' && --depth == 0)
                return j;
        }
        return -1;
    }

    private static bool IsWords(string text)
    {
        if (text.Length == 0)
            return false;
        bool letter = false;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
                letter = true;
            else if (c is not (' ' or '.' or '-' or '\'' or '/'))
                return false;
        }
        return letter && !KeptWords.Contains(text);
    }

    /// <summary>Whether what precedes ends in a value (a digit, a closing bracket, a symbol), so following words are units.</summary>
    private static bool HasValueBefore(StringBuilder sb)
    {
        int j = sb.Length - 1;
        // Skip blanks and LaTeX spacing (5\,\text{cm}, 5~\text{cm}).
        while (j >= 0 && (sb[j] is ' ' or '~' || (j >= 1 && sb[j - 1] == '\\' && sb[j] is ',' or ';' or ':' or '!')))
            j -= sb[j] is ' ' or '~' ? 1 : 2;
        if (j < 0)
            return false;
        char c = sb[j];
        if (!(char.IsAsciiLetterOrDigit(c) || c is '}' or ')' or ']' or '%' or '|' or '!'))
            return false;
        for (int k = 0; k <= j; k++)
        {
            if (char.IsAsciiDigit(sb[k]))
                return true;
        }
        return false;
    }

    private static int SkipUnitPower(string s, int i)
    {
        foreach (var power in (ReadOnlySpan<string>)["^{2}", "^{3}", "^2", "^3", "²", "³"])
        {
            if (string.CompareOrdinal(s, i, power, 0, power.Length) == 0)
                return i + power.Length;
        }
        return i;
    }

    /// <summary><c>10{,}000</c>, <c>10,\!000</c>, <c>10\,000</c> and <c>10\ 000</c> are 10000; <c>3{,}5</c> is a decimal comma.</summary>
    private static string JoinThousands(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal) && !s.Contains("{,}", StringComparison.Ordinal))
            return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            bool afterDigit = sb.Length > 0 && char.IsAsciiDigit(sb[^1]);
            int skip = 0;
            bool comma = false;
            if (afterDigit)
            {
                if (At(s, i, "{,}"))
                {
                    skip = 3;
                    comma = true;
                }
                else if (At(s, i, ",\\!"))
                {
                    skip = 3;
                    comma = true;
                }
                else if (At(s, i, "\\,") || At(s, i, "\\ ") || At(s, i, "\\!"))
                    skip = 2;
            }
            if (skip > 0)
            {
                bool group = IsThreeDigits(s, i + skip);
                if (group)
                {
                    if (comma)
                        sb.Append(',');
                    i += skip;
                    continue;
                }
                if (At(s, i, "{,}"))
                {
                    sb.Append('.');
                    i += skip;
                    continue;
                }
            }
            sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static bool IsThreeDigits(string s, int at) =>
        at + 3 <= s.Length && char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]) && char.IsAsciiDigit(s[at + 2])
        && !(at + 3 < s.Length && char.IsAsciiDigit(s[at + 3]));

    /// <summary>"percent" and "pct" become <c>%</c>; other words are left to the tokenizer.</summary>
    private static string ReplaceWords(string s)
    {
        if (!s.Contains("percent", StringComparison.OrdinalIgnoreCase) && !s.Contains("pct", StringComparison.OrdinalIgnoreCase))
            return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiLetter(s[i]) && (i == 0 || s[i - 1] != '\\'))
            {
                int end = i;
                while (end < s.Length && char.IsAsciiLetter(s[end]))
                    end++;
                var word = s[i..end];
                sb.Append(word.Equals("percent", StringComparison.OrdinalIgnoreCase) || word.Equals("pct", StringComparison.OrdinalIgnoreCase) ? "%" : word);
                i = end;
                continue;
            }
            sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static string TrimPunctuation(string s)
    {
        int end = s.Length;
        while (end > 0)
        {
            char c = s[end - 1];
            if ((c is ',' or ';' or ':' or '!' or ' ') && IsEscaped(s, end - 1))
                end -= 2; // a trailing LaTeX space: \, \; \: \! \ 
            else if (c is ' ' or '\n' or '\r' or '\t' or ',' or ';' or ':')
                end--;
            else if (c == '.' && !(end >= 2 && s[end - 2] == '.'))
                end--;
            else if (c == '\\' && end >= 2 && s[end - 2] == '\\')
                end -= 2; // a trailing line break
            else
                break;
        }
        int start = 0;
        while (start < end && (s[start] is ' ' or '\n' or ':' || (s[start] == '=' && start + 1 < end && s[start + 1] != '=')))
            start++;
        return s[start..end];
    }

    private static int LetterRunStart(string s, int end)
    {
        while (end > 0 && char.IsAsciiLetter(s[end - 1]))
            end--;
        return end;
    }

    private static bool IsUnitPart(string word) => word.Length >= 2 || SingleLetterUnits.Contains(word[0], StringComparison.Ordinal);

    /// <summary>Whether the character at <paramref name="at"/> follows an odd run of backslashes (<c>\,</c>, not <c>\\,</c>).</summary>
    private static bool IsEscaped(string s, int at)
    {
        int backslashes = 0;
        while (at - backslashes - 1 >= 0 && s[at - backslashes - 1] == '\\')
            backslashes++;
        return backslashes % 2 == 1;
    }

    /// <summary>Drops unit words after a value: "5 apples", "10 square feet", "4 cm^2", "5cm".</summary>
    private static string DropTrailingUnits(string s)
    {
        for (int round = 0; round < 4; round++)
        {
            int end = s.Length;
            int powerStart = end;
            foreach (var power in (ReadOnlySpan<string>)["^{2}", "^{3}", "^2", "^3", "²", "³"])
            {
                if (s.EndsWith(power, StringComparison.Ordinal))
                {
                    powerStart = end - power.Length;
                    break;
                }
            }
            int wordEnd = powerStart;
            int wordStart = LetterRunStart(s, wordEnd);
            // A compound unit: km/h, m/s (but a/b is a quotient).
            if (wordStart >= 2 && wordStart < wordEnd && s[wordStart - 1] == '/' && LetterRunStart(s, wordStart - 1) is var numeratorStart
                && numeratorStart < wordStart - 1 && IsUnitPart(s[numeratorStart..(wordStart - 1)]) && IsUnitPart(s[wordStart..wordEnd]))
            {
                wordStart = numeratorStart;
            }
            if (wordStart == wordEnd || (wordStart > 0 && s[wordStart - 1] == '\\'))
                return s;
            var word = s[wordStart..wordEnd];
            var rest = s[..wordStart];
            bool spaced = rest.Length > 0 && rest[^1] is ' ' or '~';
            var restTrimmed = rest.TrimEnd(' ', '~');
            if (restTrimmed.Length == 0 || KeptWords.Contains(word) || !restTrimmed.Any(char.IsAsciiDigit))
                return s;
            char last = restTrimmed[^1];
            bool valueBefore = char.IsAsciiLetterOrDigit(last) || last is '}' or ')' or '%' or '.';
            bool unit = spaced
                ? valueBefore && (word.Length >= 2 || SingleLetterUnits.Contains(word[0], StringComparison.Ordinal))
                : char.IsAsciiDigit(last) && GluedUnits.Contains(word);
            if (!unit)
                return s;
            s = restTrimmed;
        }
        return s;
    }
}
