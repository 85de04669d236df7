using System.Globalization;
using System.Text.RegularExpressions;
using MathCritique.Solutions;

namespace MathCritique.Lab;

/// <summary>
/// The working line a lab critique can write before each verdict: every operand marked <c>given</c> (a number of
/// the question), <c>earlier</c> (a result written before) or <c>new</c> (neither), then the computation redone and
/// compared with what the step states (<c>27 + 15 = 42 same</c> / <c>27 + 15 = 42 not 41</c>); an answer line is
/// compared with the last result (<c>42 last</c> / <c>40 not last</c>). Each mark sits right after the number it is
/// about, so a small critic decides it by matching that number against the question's and the earlier steps'
/// numbers, and the verdict then only has to look for a bad mark on the line above. A number at hand used a second
/// time is marked <c>used</c> after its source (<c>7 given used</c>, scans <c>7 vs 7 yes given, used</c>): every
/// lab plan uses each number once. Other plan errors (wrong operation, another number at hand, stopping early) have
/// no mark: they need the question, not a lookup.
/// </summary>
public static partial class LabCheckLines
{
    [GeneratedRegex(@"\b(?:given|earlier|new|used|same|not last|last|not|cannot)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MarkPattern();

    [GeneratedRegex(@"(?:=|makes) (\d+(?:\.\d+)?) (?:vs \S+ )?(?:same|not)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RedonePattern();

    /// <summary>One check line per step of <paramref name="result"/>, in step order.</summary>
    /// <param name="canShow">Whether a value may be written (the oracle hides an unearned reference answer).</param>
    /// <param name="style">One mark per operand, or a scan of the numbers at hand (<see cref="LabCheckStyle"/>).</param>
    public static IReadOnlyList<string> For(LabCheckResult result, Func<decimal, bool> canShow, LabCheckStyle style = LabCheckStyle.Marks)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(canShow);
        var givens = result.Problem.Givens.Select(g => (decimal)g).ToHashSet();
        // The scan reads the Numbers line of the critic's prompt, in its order.
        var numbersLine = LabPrompts.NumberList(result.Problem.Question).Select(n => decimal.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return Walk(givens, numbersLine, result.Steps.Select(s => (s.Computations, s.StatedAnswer)), canShow, style).Select(l => l.Text).ToArray();
    }

    /// <summary>
    /// The check lines of a solution read as a critic reads it: the Numbers line of its prompt and the steps' text,
    /// nothing of the problem's plan or answer (the numbers stand for the givens too). Each line comes with what its
    /// bad marks flag, in the oracle's words.
    /// </summary>
    /// <param name="numbers">The question's numbers in order (<see cref="LabPrompts.NumberList"/>).</param>
    /// <param name="steps">The solution's steps, one per entry (<see cref="StepSegmenter"/>).</param>
    public static IReadOnlyList<LabCheckLine> Read(IReadOnlyList<decimal> numbers, IReadOnlyList<string> steps, LabCheckStyle style)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(steps);
        if (!Enum.IsDefined(style))
            throw new ArgumentOutOfRangeException(nameof(style), style, "not a check-line style");
        return Walk(numbers.ToHashSet(), numbers, steps.Select(s => (LabComputation.FindAll(s), LabStepChecker.StatedAnswer(s))), _ => true, style);
    }

    // One pass over the steps, as the checker makes it: what is at hand grows with every stated result, right or wrong.
    private static List<LabCheckLine> Walk(IReadOnlySet<decimal> givens, IReadOnlyList<decimal> numbersLine,
        IEnumerable<(IReadOnlyList<LabComputation> Computations, string? StatedAnswer)> steps, Func<decimal, bool> canShow, LabCheckStyle style)
    {
        bool scan = style is LabCheckStyle.Scan or LabCheckStyle.ScanPairs or LabCheckStyle.ScanDigits;
        bool pairs = style is LabCheckStyle.ScanPairs or LabCheckStyle.ScanDigits;
        bool digits = style == LabCheckStyle.ScanDigits;
        var earlier = new List<decimal>();
        var used = new HashSet<decimal>();
        decimal? last = null;
        var lines = new List<LabCheckLine>();
        foreach (var (computations, statedAnswer) in steps)
        {
            var parts = new List<string>();
            var flags = new List<string>();
            foreach (var computation in computations)
            {
                foreach (var operand in computation.Operands)
                {
                    // Like the checker: a number at hand is used once ("used" is only ever written after a source).
                    bool reused = !used.Add(operand);
                    string again = !reused ? "" : scan ? ", used" : " used";
                    bool given = scan ? numbersLine.Contains(operand) : givens.Contains(operand);
                    parts.Add(scan ? Scan(operand, numbersLine, earlier, pairs, again) : given ? $"{Value(operand)} given{again}"
                        : earlier.Contains(operand) ? $"{Value(operand)} earlier{again}" : $"{Value(operand)} new");
                    if (!given && !earlier.Contains(operand))
                        flags.Add($"{Value(operand)} is not given or computed before.");
                    else if (reused)
                        flags.Add($"{Value(operand)} is used already.");
                }
                parts.Add(Redo(computation, canShow, scan, pairs, digits));
                if (Slip(computation, canShow) is { } slip)
                    flags.Add(slip);
                // Like the checker: later work may build on what the step wrote, right or wrong.
                earlier.Add(computation.StatedResult);
                last = computation.StatedResult;
            }
            if (statedAnswer is { } answer)
            {
                bool isLast = LabStepChecker.TryNumber(answer, out var stated) && stated == last;
                string against = scan && last is { } l ? $" vs {Value(l)}" : "";
                // Pairs fetch the last result first, after the "= " it followed: the scan critic, asked for it after
                // the answer ("21 vs "), wrote the answer again. Then "answer is " cues the copy of the stated answer
                // from the step's own "The answer is 121": after "before = 112; " alone the deep critic wrote 112.
                string before = pairs && last is { } b ? $"before = {Value(b)}; answer is " : "";
                parts.Add(before + (isLast ? $"{Value(stated)}{against} last" : $"{answer}{against} not last"));
                if (!isLast)
                    flags.Add(last is { } r && canShow(r) ? $"The last result is {Value(r)}, not {answer}." : $"{answer} is not the last result.");
            }
            lines.Add(new(parts.Count == 0 ? "nothing to compute." : string.Join(scan ? "; " : ", ", parts) + ".", flags));
        }
        return lines;
    }

    /// <summary>Whether a check line flags something: an operand <c>new</c> or <c>used</c> again, a sum that is <c>not</c> what the step states, an answer <c>not last</c>.</summary>
    public static bool HasBadMark(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Marks(line).Any(m => m is "new" or "used" or "not" or "not last" or "cannot");
    }

    /// <summary>
    /// The marks of a check line in order: <c>given</c>/<c>earlier</c>/<c>new</c> per operand (then <c>used</c> for one used already), <c>same</c>/<c>not</c>/<c>cannot</c>
    /// per computation, <c>last</c>/<c>not last</c> per answer — what <c>lab eval-check</c> compares mark by mark.
    /// </summary>
    public static IReadOnlyList<string> Marks(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return MarkPattern().Matches(line).Select(m => m.Value).ToArray();
    }

    /// <summary>The sums a check line redoes, as written (<c>27 + 15 = 42 not 41</c> → 42); a hidden one (<c>is not 41</c>) has none.</summary>
    public static IReadOnlyList<string> RedoneSums(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return RedonePattern().Matches(line).Select(m => m.Groups[1].Value).ToArray();
    }

    /// <summary>Which decision a mark answers: "operand", "sum" or "answer".</summary>
    public static string Decision(string mark) => mark switch
    {
        "given" or "earlier" or "new" or "used" => "operand",
        "same" or "not" or "cannot" => "sum",
        _ => "answer",
    };

    // "68: 71 no, 4 no, 67 no, new" (pairs: "68: 71 vs 68 no, …"): compare with each number at hand until one matches.
    private static string Scan(decimal operand, IReadOnlyList<decimal> numbersLine, IReadOnlyList<decimal> earlier, bool pairs, string again)
    {
        var compared = new List<string>();
        string against = pairs ? $" vs {Value(operand)}" : "";
        foreach (var (candidate, source) in numbersLine.Select(n => (n, "given")).Concat(earlier.Select(e => (e, "earlier"))))
        {
            if (candidate == operand)
                return $"{Value(operand)}: {string.Join(", ", compared.Append($"{Value(candidate)}{against} yes {source}{again}"))}";
            compared.Add($"{Value(candidate)}{against} no");
        }
        return $"{Value(operand)}: {string.Join(", ", compared.Append("new"))}";
    }

    // The mark style hides a true result that is the unearned reference answer ("is not 41"). The scan style always
    // redoes the sum from the step's own operands: the hidden form let a critic decide "Wrong" before redoing anything
    // (every right level-1 solution a scan critic rejected was judged with "is not"; bench/README.md).
    // Pairs redo it as "a + b makes c": after the step's own "a + b = " the scan critic copied the stated result.
    private static string Redo(LabComputation c, Func<decimal, bool> canShow, bool scan, bool pairs, bool digits) => c.TrueResult switch
    {
        null => $"{c.Expression} cannot be computed",
        { } truth when scan => $"{c.Expression}{(digits ? FromRight(c, truth) : "")} {(pairs ? "makes" : "=")} {Value(truth)} vs {Value(c.StatedResult)} {(truth == c.StatedResult ? "same" : "not")}",
        { } truth when truth == c.StatedResult => $"{c.Expression} = {Value(truth)} same",
        { } truth when canShow(truth) => $"{c.Expression} = {Value(truth)} not {Value(c.StatedResult)}",
        _ => $"{c.Expression} is not {Value(c.StatedResult)}",
    };

    // What a "not" or "cannot" mark flags, in the oracle's words; null for a sum redone the same.
    private static string? Slip(LabComputation c, Func<decimal, bool> canShow) => c.TrueResult switch
    {
        null => $"{c.Expression} cannot be computed.",
        { } truth when truth == c.StatedResult => null,
        { } truth when canShow(truth) => $"{c.Expression} is {Value(truth)}, not {Value(c.StatedResult)}.",
        _ => $"{c.Expression} is not {Value(c.StatedResult)}.",
    };

    // " from right 86" for 17 * 4: the digits of a whole sum, difference or product, units first, padded with zeros
    // to the longer operand's width; nothing where the digits do not run from the right (quotients, negatives, decimals).
    private static string FromRight(LabComputation c, decimal truth)
    {
        if (!c.IsBinary || c.Operators[0] == LabOperator.Divide || !c.Operands.Append(truth).All(IsWhole))
            return "";
        int width = c.Operands.Max(o => Value(o).Length);
        var reversed = Value(truth).PadLeft(width, '0').Reverse().ToArray();
        return $" from right {new string(reversed)}";
    }

    private static bool IsWhole(decimal value) => value >= 0 && value == decimal.Truncate(value);

    private static string Value(decimal value) => LabOperators.Format(value);
}
