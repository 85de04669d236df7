using System.Globalization;
using System.Text.RegularExpressions;
using MathCritique.Sampling;

namespace MathCritique.Lab;

/// <summary>
/// An <see cref="IInlineTool"/> that writes the outcome of each comparison a <see cref="LabCheckStyle.ScanPairs"/>
/// check line asks for, once the critic has written both numbers: <c>71 vs 68 </c> in an operand scan → <c>no</c>
/// (<c>yes</c> when equal), <c>makes 42 vs 41 </c> → <c>not</c> (<c>same</c>), <c>before = 42; answer is 41 vs 42 </c> →
/// <c>not last</c> (<c>last</c>). Why: the deep critic with the calculator judged the true value beside a wrong
/// stated one <c>same</c> on 28 of 600 solutions — a decision a string comparison gets right every time. What it
/// still decides: which numbers it compares (the operand it copies, the numbers at hand it scans, the stated result it
/// reads), where each operand comes from, and every verdict. Writes nothing where either side is not a number.
/// </summary>
public sealed partial class LabCheckComparison : IInlineTool
{
    /// <summary>The <see cref="Name"/> of the tool, and how a GGUF declares it (<c>model tag --tool calculator,compare</c>).</summary>
    public const string ToolName = "compare";

    private const string Number = @"-?\d{1,15}(?:\.\d{1,6})?";

    // Each anchored at the end; the sum and the answer before the scan, whose context (": " or ", ") they never have.
    [GeneratedRegex($@"(?:=|makes) (?<a>{Number}) vs (?<b>{Number}) \z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SumPattern();

    [GeneratedRegex($@"before = {Number}; (?:answer is )?(?<a>{Number}) vs (?<b>{Number}) \z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnswerPattern();

    [GeneratedRegex($@"(?:\d: |, )(?<a>{Number}) vs (?<b>{Number}) \z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScanPattern();

    public string Name => ToolName;

    public string? TextAfter(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (!completion.EndsWith(' '))
            return null;
        // Only the tail can hold a comparison: the tool runs after every token.
        var tail = completion.Length > 120 ? completion[^120..] : completion;
        if (SumPattern().Match(tail) is { Success: true } sum)
            return Same(sum.Groups["a"], sum.Groups["b"]) is { } same ? (same ? "same" : "not") : null;
        if (AnswerPattern().Match(tail) is { Success: true } answer)
            return Same(answer.Groups["a"], answer.Groups["b"]) is { } last ? (last ? "last" : "not last") : null;
        if (ScanPattern().Match(tail) is { Success: true } scan)
            return Same(scan.Groups["a"], scan.Groups["b"]) is { } yes ? (yes ? "yes" : "no") : null;
        return null;
    }

    private static bool? Same(Group a, Group b) =>
        decimal.TryParse(a.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var y)
            ? x == y : null;
}
