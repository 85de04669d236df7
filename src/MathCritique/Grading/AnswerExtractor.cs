using System.Text.RegularExpressions;

namespace MathCritique.Grading;

/// <summary>
/// Finds the final answer in a solution text. Methods are tried in order; each dataset can pick its own
/// (GSM8K references use <c>####</c>, MATH uses <c>\boxed</c>, our actors say "The answer is").
/// Every method is linear in the input length.
/// </summary>
public sealed partial class AnswerExtractor
{
    public static readonly IReadOnlyList<ExtractionMethod> DefaultOrder =
    [
        ExtractionMethod.Boxed,
        ExtractionMethod.TheAnswerIs,
        ExtractionMethod.Gsm8kHashes,
        ExtractionMethod.AnswerColon,
        ExtractionMethod.LastNumber,
    ];

    /// <summary>Boxed, "The answer is", <c>####</c>, <c>A:</c>, then the last number.</summary>
    public static AnswerExtractor Default { get; } = new(DefaultOrder);

    /// <summary>For texts that are the answer itself (e.g. a dataset's gold field).</summary>
    public static AnswerExtractor Verbatim { get; } = new([ExtractionMethod.Boxed, ExtractionMethod.WholeText]);

    public IReadOnlyList<ExtractionMethod> Order { get; }

    public AnswerExtractor(IReadOnlyList<ExtractionMethod> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count == 0)
            throw new ArgumentException("At least one extraction method is needed.", nameof(order));
        Order = order;
    }

    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var method in Order)
        {
            var answer = method switch
            {
                ExtractionMethod.Boxed => LastBoxed(text),
                ExtractionMethod.TheAnswerIs => AfterLastPhrase(text),
                ExtractionMethod.Gsm8kHashes => AfterLastMarker(text, "####"),
                ExtractionMethod.AnswerColon => AnswerColon(text),
                ExtractionMethod.LastNumber => LastNumber(text),
                ExtractionMethod.WholeText => text.Trim(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(answer))
                return new ExtractedAnswer(answer.Trim(), method);
        }
        return null;
    }

    /// <summary>Content of the last <c>\boxed{...}</c> or <c>\fbox{...}</c>, nested braces respected.</summary>
    public static string? LastBoxed(string text)
    {
        int best = -1, bestLength = 0;
        foreach (var command in (ReadOnlySpan<string>)["\\boxed", "\\fbox"])
        {
            int at = text.LastIndexOf(command, StringComparison.Ordinal);
            if (at > best)
            {
                best = at;
                bestLength = command.Length;
            }
        }
        if (best < 0)
            return null;
        int i = best + bestLength;
        while (i < text.Length && text[i] == ' ')
            i++;
        if (i >= text.Length)
            return null;
        if (text[i] != '{')
        {
            // "\boxed 5" form: the argument runs to the next space or dollar sign.
            int end = i;
            while (end < text.Length && text[end] is not (' ' or '$' or '\n'))
                end++;
            return text[i..end];
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

    [GeneratedRegex(@"the\s+(?:final\s+)?answer\s+is\s*[:：]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.RightToLeft, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnswerIsPhrase();

    private static string? AfterLastPhrase(string text)
    {
        var match = AnswerIsPhrase().Match(text);
        if (!match.Success)
            return null;
        return CleanTail(RestOfLine(text, match.Index + match.Length));
    }

    private static string? AfterLastMarker(string text, string marker)
    {
        int at = text.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : CleanTail(RestOfLine(text, at + marker.Length));
    }

    [GeneratedRegex(@"(?:^|\n)\s*(?:A|Answer|Final answer)\s*[:：]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.RightToLeft, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnswerColonPrefix();

    private static string? AnswerColon(string text)
    {
        var match = AnswerColonPrefix().Match(text);
        return match.Success ? CleanTail(RestOfLine(text, match.Index + match.Length)) : null;
    }

    [GeneratedRegex(@"-?\d[\d,]*(?:\.\d+)?|-?\.\d+", RegexOptions.CultureInvariant | RegexOptions.RightToLeft, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberPattern();

    private static string? LastNumber(string text)
    {
        var match = NumberPattern().Match(text);
        return match.Success ? match.Value.TrimEnd(',') : null;
    }

    private static string RestOfLine(string text, int start)
    {
        int end = text.IndexOf('\n', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>Drops a trailing period and surrounding math delimiters; a boxed answer inside wins.</summary>
    private static string? CleanTail(string tail)
    {
        var boxed = LastBoxed(tail);
        if (boxed is not null)
            return boxed;
        var s = tail.Trim();
        while (s.Length > 0 && s[^1] is '.' or '!' or ' ')
        {
            // Keep a decimal point that belongs to a number ("is 3." is rare; "is 3.5" ends in a digit).
            s = s[..^1];
        }
        s = s.Trim().Trim('$').Trim();
        if (s.StartsWith("\\(", StringComparison.Ordinal) && s.EndsWith("\\)", StringComparison.Ordinal))
            s = s[2..^2].Trim();
        return s.Length == 0 ? null : s;
    }
}
