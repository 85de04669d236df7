using System.Buffers;

namespace MathCritique.Grading;

/// <summary>
/// Finds the final answer in a solution text. Methods are tried in order; each dataset can pick its own
/// (GSM8K references use <c>####</c>, MATH uses <c>\boxed</c>, our actors say "The answer is").
/// Every method is a linear scan (no regular expressions), so megabyte-long outputs cost milliseconds.
/// </summary>
public sealed class AnswerExtractor
{
    public static readonly IReadOnlyList<ExtractionMethod> DefaultOrder =
    [
        ExtractionMethod.Boxed,
        ExtractionMethod.TheAnswerIs,
        ExtractionMethod.Gsm8kHashes,
        ExtractionMethod.AnswerColon,
        ExtractionMethod.WholeExpression,
        ExtractionMethod.LastMathEnvironment,
        ExtractionMethod.LastNumber,
    ];

    /// <summary>
    /// Boxed, "The answer is", <c>####</c>, <c>A:</c>, the whole text when it is a bare expression, the last math
    /// environment holding one, then the last number.
    /// </summary>
    public static AnswerExtractor Default { get; } = new(DefaultOrder);

    /// <summary>For texts that are the answer itself (e.g. a dataset's gold field).</summary>
    public static AnswerExtractor Verbatim { get; } = new([ExtractionMethod.Boxed, ExtractionMethod.WholeText]);

    /// <summary>
    /// For gold texts: a bare answer, or a whole reference solution (GSM8K's <c>####</c> or <c>A:</c>, MATH's
    /// <c>\boxed</c>, "The answer is"); what none of these finds is taken whole, so <c>\text{Evelyn}</c> stays an answer.
    /// </summary>
    public static AnswerExtractor Gold { get; } = new(
    [
        ExtractionMethod.Boxed,
        ExtractionMethod.Gsm8kHashes,
        ExtractionMethod.TheAnswerIs,
        ExtractionMethod.AnswerColon,
        ExtractionMethod.WholeText,
    ]);

    public IReadOnlyList<ExtractionMethod> Order { get; }

    public AnswerExtractor(IReadOnlyList<ExtractionMethod> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count == 0)
            throw new ArgumentException("At least one extraction method is needed.", nameof(order));
        Order = order;
    }

    /// <summary>
    /// An extractor from a comma-separated list of rule names in priority order, e.g. <c>boxed,answer_is,last_number</c>
    /// (names: boxed, answer_is, hashes, answer_colon, whole_expression, math_environment, last_number, whole_text).
    /// </summary>
    /// <exception cref="FormatException">A name is unknown, repeated, or the list is empty.</exception>
    public static AnswerExtractor Parse(string rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var order = new List<ExtractionMethod>();
        foreach (var name in rules.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ExtractionRuleNames.TryParse(name, out var method))
                throw new FormatException($"unknown extraction rule \"{name}\" (known: {ExtractionRuleNames.All})");
            if (order.Contains(method))
                throw new FormatException($"extraction rule \"{name}\" is named twice");
            order.Add(method);
        }
        if (order.Count == 0)
            throw new FormatException($"no extraction rule named (known: {ExtractionRuleNames.All})");
        return new AnswerExtractor(order);
    }

    /// <summary>The rule names in priority order, as <see cref="Parse"/> reads them: <c>boxed,answer_is,last_number</c>.</summary>
    public override string ToString() => string.Join(',', Order.Select(m => ExtractionRuleNames.Of(m)));

    /// <param name="decimalComma">The last-number rule reads <c>1,22</c> as one number (see <see cref="GraderOptions.DecimalComma"/>).</param>
    public ExtractedAnswer? Extract(string text, bool decimalComma = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var method in Order)
        {
            var answer = method switch
            {
                ExtractionMethod.Boxed => LastBoxed(text),
                ExtractionMethod.TheAnswerIs => AfterLastPhrase(text),
                ExtractionMethod.Gsm8kHashes => AfterLastMarker(text, "####"),
                ExtractionMethod.AnswerColon => AnswerColon(text, decimalComma),
                ExtractionMethod.LastNumber => LastNumber(text, decimalComma),
                ExtractionMethod.WholeText => text.Trim(),
                ExtractionMethod.WholeExpression => BareExpression.Accepts(text) ? text.Trim() : null,
                ExtractionMethod.LastMathEnvironment => LastMathEnvironment(text),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(answer))
                return new ExtractedAnswer(answer.Trim(), method);
        }
        return null;
    }

    /// <summary>Content of the last non-empty <c>\boxed{...}</c> or <c>\fbox{...}</c>, nested braces respected;
    /// <c>\boxed 5</c> (no braces) gives 5.</summary>
    public static string? LastBoxed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int searchEnd = text.Length;
        // A few tries: the last box may be empty (\boxed{}) or unclosed; an earlier one may hold the answer.
        for (int attempt = 0; attempt < 8 && searchEnd > 0; attempt++)
        {
            int boxed = text.LastIndexOf("\\boxed", searchEnd - 1, StringComparison.Ordinal);
            int fbox = text.LastIndexOf("\\fbox", searchEnd - 1, StringComparison.Ordinal);
            int at = Math.Max(boxed, fbox);
            if (at < 0)
                return null;
            var content = BoxContent(text, at + (at == boxed ? "\\boxed".Length : "\\fbox".Length));
            if (!string.IsNullOrWhiteSpace(content))
                return content.Trim();
            searchEnd = at;
        }
        return null;
    }

    private static string? BoxContent(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
            i++;
        if (i >= text.Length)
            return null;
        if (text[i] != '{')
        {
            // "\boxed 5" form: the argument runs to the next space, dollar sign or line end; a final period is punctuation.
            int end = i;
            while (end < text.Length && text[end] is not (' ' or '$' or '\n'))
                end++;
            return text[i..end].TrimEnd('.', ',');
        }
        int depth = 0;
        for (int j = i; j < text.Length; j++)
        {
            if (text[j] == '\\' && j + 1 < text.Length)
            {
                j++;
                continue;
            }
            if (text[j] == '{')
                depth++;
            else if (text[j] == '}' && --depth == 0)
                return text[(i + 1)..j];
        }
        return null;
    }

    private static string? AfterLastPhrase(string text)
    {
        int at = text.LastIndexOf("answer is", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            return null;
        int start = at + "answer is".Length;
        while (start < text.Length && text[start] is ' ' or ':' or '：' or '\n' or '\r' or '\t')
            start++;
        return CleanTail(RestOfLine(text, start));
    }

    private static string? AfterLastMarker(string text, string marker)
    {
        int at = text.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : CleanTail(RestOfLine(text, at + marker.Length));
    }

    /// <summary>
    /// The last line starting with <c>A:</c>, <c>Answer:</c> or <c>Final answer:</c> (markdown bold allowed). When nothing
    /// follows the colon, or the line is an answer heading (<c># Answer</c>, as PRM800K's solutions end;
    /// <c>**Final Answer**</c>), the answer is the next non-empty line.
    /// </summary>
    private static string? AnswerColon(string text, bool decimalComma)
    {
        int end = text.Length;
        while (end > 0)
        {
            int lineStart = text.LastIndexOf('\n', end - 1) + 1;
            var line = text.AsSpan(lineStart, end - lineStart).TrimStart().TrimStart("*#").TrimStart();
            foreach (var prefix in (ReadOnlySpan<string>)["final answer", "answer", "a"])
            {
                if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    continue;
                var rest = line[prefix.Length..].TrimStart().TrimStart('*');
                bool colon = rest.Length > 0 && rest[0] is ':' or '：';
                if (colon && !rest[1..].TrimStart('*').IsWhiteSpace())
                    return SentenceToNumber(CleanTail(rest[1..].TrimStart('*').ToString()), decimalComma);
                // A lone "A" line is too common in prose to be a heading; "Answer" and "Final answer" are not.
                bool heading = !colon && prefix != "a" && rest.TrimEnd().TrimEnd('*').TrimEnd(':').IsWhiteSpace();
                if ((colon || heading) && NextNonEmptyLine(text, end) is { } next)
                    return SentenceToNumber(CleanTail(next), decimalComma);
            }
            end = lineStart - 1;
        }
        return null;
    }

    /// <summary>
    /// An answer line that is a sentence in words ("Hillary has 7 nickels.") rather than an expression or a quantity
    /// with its unit ("5 apples") is answered by its last number; LaTeX (<c>\text{Navin}</c>) and word answers stay.
    /// </summary>
    private static string? SentenceToNumber(string? tail, bool decimalComma)
    {
        if (tail is null || tail.AsSpan().IndexOfAny('\\', '$') >= 0 || Words(tail) < 2 || BareExpression.Accepts(tail))
            return tail;
        return LastNumber(tail, decimalComma) ?? tail;
    }

    /// <summary>Runs of two or more letters.</summary>
    private static int Words(string text)
    {
        int words = 0, run = 0;
        foreach (char c in text)
        {
            run = char.IsLetter(c) ? run + 1 : 0;
            if (run == 2)
                words++;
        }
        return words;
    }

    private static string? NextNonEmptyLine(string text, int lineEnd)
    {
        for (int start = lineEnd + 1; start < text.Length;)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
                end = text.Length;
            if (!text.AsSpan(start, end - start).IsWhiteSpace())
                return text[start..end];
            start = end + 1;
        }
        return null;
    }

    /// <summary>
    /// The content of the last math environment that is a bare expression (of the last few, so a text of many
    /// environments costs a few parses). A single-dollar span with a space inside either end is not math (TeX's rule,
    /// and it keeps "costs $5 and $7" from reading as an environment).
    /// </summary>
    private static string? LastMathEnvironment(string text)
    {
        // The bounds of the last few environments, in a ring: a text of 100k environments keeps four, not 100k strings.
        const int Kept = 4;
        var found = new (int Start, int End)[Kept];
        int count = 0;
        for (int i = NextOpener(text, 0); i >= 0; i = NextOpener(text, i))
        {
            (string open, string close) = text.AsSpan(i).StartsWith("$$") ? ("$$", "$$")
                : text.AsSpan(i).StartsWith("\\(") ? ("\\(", "\\)")
                : text.AsSpan(i).StartsWith("\\[") ? ("\\[", "\\]")
                : text[i] == '$' && (i == 0 || text[i - 1] != '\\') ? ("$", "$")
                : ("", "");
            if (open.Length == 0)
            {
                i++;
                continue;
            }
            int start = i + open.Length;
            int end = text.IndexOf(close, start, StringComparison.Ordinal);
            if (end < 0)
                break;
            var content = text.AsSpan(start, end - start);
            if (open == "$" && (content.Length == 0 || char.IsWhiteSpace(content[0]) || char.IsWhiteSpace(content[^1])))
            {
                i = start; // not math (a price, say): its closing dollar may open the next environment
                continue;
            }
            if (!content.IsWhiteSpace())
                found[count++ % Kept] = (start, end);
            i = end + close.Length;
        }
        for (int k = count - 1; k >= Math.Max(0, count - Kept); k--)
        {
            var (start, end) = found[k % Kept];
            var candidate = text[start..end].Trim();
            if (BareExpression.Accepts(candidate))
                return candidate;
        }
        return null;
    }

    private static readonly SearchValues<char> MathOpeners = SearchValues.Create("$\\");

    /// <summary>Where the next <c>$</c> or backslash is, from <paramref name="from"/> on; -1 when none.</summary>
    private static int NextOpener(string text, int from)
    {
        if (from >= text.Length)
            return -1;
        int at = text.AsSpan(from).IndexOfAny(MathOpeners);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>
    /// The last number in the text: <c>-12</c>, <c>1,250</c>, <c>3.5</c>, <c>2/3</c> (a sentence's final period excluded);
    /// with <paramref name="decimalComma"/> also <c>1,22</c> (a comma that is not a thousands group, once).
    /// </summary>
    private static string? LastNumber(string text, bool decimalComma)
    {
        int end = text.Length - 1;
        while (end >= 0 && !char.IsAsciiDigit(text[end]))
            end--;
        if (end < 0)
            return null;
        int start = end;
        bool slash = false, decimalSeen = false;
        while (start > 0)
        {
            char c = text[start - 1];
            if (char.IsAsciiDigit(c))
                start--;
            else if (c == '.' && start >= 2 && char.IsAsciiDigit(text[start - 2]))
            {
                decimalSeen = true;
                start--;
            }
            else if (c == ',' && start >= 2 && char.IsAsciiDigit(text[start - 2]) && IsThousandsGroup(text, start))
                start--;
            else if (c == ',' && start >= 2 && char.IsAsciiDigit(text[start - 2]) && decimalComma && !decimalSeen && !slash)
            {
                decimalSeen = true;
                start--;
            }
            else if (c == '/' && !slash && start >= 2 && char.IsAsciiDigit(text[start - 2]))
            {
                slash = true;
                start--;
            }
            else
                break;
        }
        // A leading-dot decimal (.4) when the dot does not end a word or sentence ("end.4" keeps 4).
        if (start > 0 && text[start - 1] == '.' && !slash && (start < 2 || text[start - 2] is ' ' or '$' or '(' or '-' or '\n' or '\t'))
            start--;
        if (start > 0 && text[start - 1] == '-' && (start < 2 || !char.IsAsciiLetterOrDigit(text[start - 2])))
            start--;
        return text[start..(end + 1)];
    }

    private static bool IsThousandsGroup(string text, int at) =>
        at + 3 <= text.Length && char.IsAsciiDigit(text[at]) && char.IsAsciiDigit(text[at + 1]) && char.IsAsciiDigit(text[at + 2])
        && !(at + 3 < text.Length && char.IsAsciiDigit(text[at + 3]));

    private static string RestOfLine(string text, int start)
    {
        int end = text.IndexOf('\n', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>
    /// The answer at the start of a phrase's tail: a boxed answer inside wins; then math in <c>$...$</c>,
    /// <c>\(...\)</c> or <c>\[...\]</c>; else the text up to the end of the sentence.
    /// </summary>
    private static string? CleanTail(string tail)
    {
        var boxed = LastBoxed(tail);
        if (boxed is not null)
            return boxed;
        var s = tail.Replace("**", "", StringComparison.Ordinal).Trim();
        foreach (var (open, close) in (ReadOnlySpan<(string, string)>)[("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")])
        {
            if (!s.StartsWith(open, StringComparison.Ordinal))
                continue;
            int closeAt = s.IndexOf(close, open.Length, StringComparison.Ordinal);
            if (closeAt > open.Length)
                return s[open.Length..closeAt].Trim();
            break;
        }
        s = s[..SentenceEnd(s)].Trim();
        while (s.Length > 0 && s[^1] is '.' or '!' or ',' or ';' && !EndsInFactorial(s))
            s = s[..^1].TrimEnd();
        s = s.Trim('$').Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>
    /// A final <c>!</c> is a factorial, not an exclamation, when the answer already writes one after a number
    /// (PRM800K: <c>2 * 5! * 5!</c>); a lone <c>5!</c> stays punctuation, as chat models end sentences that way.
    /// </summary>
    private static bool EndsInFactorial(string s)
    {
        if (s.Length < 2 || s[^1] != '!' || !IsFactorialOperand(s[^2]))
            return false;
        for (int i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '!' && IsFactorialOperand(s[i - 1]))
                return true;
        }
        return false;
    }

    private static bool IsFactorialOperand(char c) => char.IsAsciiDigit(c) || c is ')' or '}';

    /// <summary>Where the answer's sentence ends: a period followed by a space (not a decimal point), or ", which"-style prose.</summary>
    private static int SentenceEnd(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '.' && i + 1 < s.Length && char.IsWhiteSpace(s[i + 1]))
                return i;
            if (s[i] == ',' && i + 2 < s.Length && s[i + 1] == ' ' && char.IsAsciiLetterLower(s[i + 2]) && StartsProse(s, i + 2))
                return i;
        }
        return s.Length;
    }

    private static bool StartsProse(string s, int at)
    {
        int end = at;
        while (end < s.Length && char.IsAsciiLetter(s[end]))
            end++;
        return end - at >= 3 && s.AsSpan(at, end - at) is not ("and" or "or");
    }
}
