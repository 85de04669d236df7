using MathCritique.Collection;
using MathCritique.Problems;

namespace MathCritique.Lab;

/// <summary>
/// The lab's RG3 mistake inserter: rewrites the computation in step k with a named mistake that
/// <see cref="LabStepChecker"/> then flags at step k with the matching <see cref="LabErrorType"/>.
/// Deterministic given the seed; returns null when the step has no computation to corrupt.
/// </summary>
public sealed class LabCorruptor : IMistakeInserter
{
    public const string CalculationError = "calculation error";
    public const string WrongQuantity = "wrong quantity";
    public const string WrongOperation = "wrong operation";
    public const string MissingStep = "missing step";

    /// <summary>
    /// An operand miscopied from the number meant — digits swapped (65 → 56), one digit changed (52 → 22), one
    /// dropped (115 → 15) or doubled (6 → 66) — the lab actor's usual wrong operand, where <see cref="WrongQuantity"/>
    /// is off by a little (a last-digit change, mostly). Not in <see cref="MistakeTypes"/>, so the default RG3 mix, and
    /// the data the shipped models were trained on, stay as they were; the lookup drill asks for it.
    /// </summary>
    public const string MiscopiedNumber = "miscopied number";

    /// <summary>
    /// An operand replaced by a number at hand that is used already — the step's other operand (<c>7 + 7</c> for "has
    /// 7, buys 2 more", the lab actor's commonest level-1 mistake) or one an earlier step used. Like
    /// <see cref="MiscopiedNumber"/>, only the lookup drill asks for it.
    /// </summary>
    public const string ReusedNumber = "reused number";

    public IReadOnlyList<string> MistakeTypes { get; } = [CalculationError, WrongQuantity, WrongOperation, MissingStep];

    /// <summary>The error the checker reports for a mistake type.</summary>
    public static LabErrorType ExpectedError(string mistakeType) => mistakeType switch
    {
        CalculationError => LabErrorType.ArithmeticSlip,
        WrongQuantity or MiscopiedNumber or ReusedNumber => LabErrorType.WrongQuantity,
        WrongOperation => LabErrorType.WrongOperation,
        MissingStep => LabErrorType.SkippedStep,
        _ => throw new ArgumentException($"unknown mistake type '{mistakeType}'", nameof(mistakeType)),
    };

    /// <summary>Why <see cref="InsertAsync"/> drops a step <see cref="Insert"/> cannot corrupt.</summary>
    public const string NothingToCorrupt = "no computation at this step that this mistake can be made in";

    public Task<MistakeInsertion> InsertAsync(Problem problem, IReadOnlyList<string> steps, int stepIndex, string mistakeType, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        cancellationToken.ThrowIfCancellationRequested();
        var step = Insert(LabProblem.FromProblem(problem), steps, stepIndex, mistakeType, seed);
        return Task.FromResult(step is null ? MistakeInsertion.Dropped(NothingToCorrupt) : MistakeInsertion.Made(step));
    }

    /// <summary>The rewritten step <paramref name="stepIndex"/> (1-based), or null when this mistake cannot be made there.</summary>
    public string? Insert(LabProblem problem, IReadOnlyList<string> steps, int stepIndex, string mistakeType, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepIndex, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepIndex, steps.Count);
        _ = ExpectedError(mistakeType);
        var line = steps[stepIndex - 1];
        var computation = LabComputation.FindAll(line).FirstOrDefault(c => c.IsBinary && c.IsArithmeticCorrect);
        if (computation is null)
            return null;
        var random = new Random((int)((seed ^ (seed >> 32)) & 0x7FFFFFFF));
        var earlier = steps.Take(stepIndex - 1).SelectMany(LabComputation.FindAll).ToArray();
        var available = new HashSet<decimal>(problem.Givens.Select(g => (decimal)g).Concat(earlier.Select(c => c.StatedResult)));
        decimal a = computation.Operands[0], b = computation.Operands[1];
        var op = computation.Operators[0];
        return mistakeType switch
        {
            CalculationError => Slip(line, computation, random),
            WrongQuantity => Quantity(line, computation, a, op, b, available, problem, random),
            WrongOperation => Operation(line, computation, a, op, b, problem, random),
            MiscopiedNumber => Miscopied(line, computation, a, op, b, available, problem, random),
            ReusedNumber => Reused(line, computation, a, op, b, earlier, random),
            _ => Missing(steps, stepIndex, computation, earlier),
        };
    }

    private static string? Slip(string line, LabComputation c, Random random)
    {
        decimal result = c.StatedResult;
        long spread = Math.Max(2, (long)(result / 10));
        for (int attempt = 0; attempt < 20; attempt++)
        {
            decimal wrong = result + (random.Next(2) == 0 ? -1 : 1) * random.NextInt64(1, spread + 1);
            if (wrong >= 0 && wrong != result)
                return Replace(line, c, $"{c.Expression} = {LabOperators.Format(wrong)}");
        }
        return null;
    }

    private static string? Quantity(string line, LabComputation c, decimal a, LabOperator op, decimal b, HashSet<decimal> available, LabProblem problem, Random random) =>
        // A dividend stays a multiple of the divisor so the result stays a whole number.
        ReplaceOperand(line, c, a, op, b, available, problem, random, (original, isDividend) =>
            original + ((random.Next(2) == 0 ? -1 : 1) * random.Next(1, 6) * (isDividend ? b : 1)));

    private static string? Miscopied(string line, LabComputation c, decimal a, LabOperator op, decimal b, HashSet<decimal> available, LabProblem problem, Random random) =>
        ReplaceOperand(line, c, a, op, b, available, problem, random, (original, _) => DigitEdit(LabOperators.Format(original), random));

    // One operand, left or right at random, replaced by what `replacement` makes of it (given whether it is a
    // dividend): a number neither at hand nor planned, with a whole, non-negative result.
    private static string? ReplaceOperand(string line, LabComputation c, decimal a, LabOperator op, decimal b, HashSet<decimal> available, LabProblem problem,
        Random random, Func<decimal, bool, decimal?> replacement)
    {
        var planned = problem.Steps.Select(s => (decimal)s.Result).ToHashSet();
        for (int attempt = 0; attempt < 60; attempt++)
        {
            bool replaceLeft = random.Next(2) == 0;
            if (replacement(replaceLeft ? a : b, op == LabOperator.Divide && replaceLeft) is not { } value
                || value < 1 || available.Contains(value) || planned.Contains(value))
                continue;
            decimal left = replaceLeft ? value : a, right = replaceLeft ? b : value;
            if (op.Apply(left, right) is not { } result || result < 0 || result != decimal.Truncate(result))
                continue;
            return Replace(line, c, $"{LabOperators.Expression(left, op, right)} = {LabOperators.Format(result)}");
        }
        return null;
    }

    // One operand, left or right at random, replaced by the other one or by an operand of an earlier step, with a
    // whole, non-negative result.
    private static string? Reused(string line, LabComputation c, decimal a, LabOperator op, decimal b, LabComputation[] earlier, Random random)
    {
        var used = earlier.SelectMany(e => e.Operands).ToArray();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            bool replaceLeft = random.Next(2) == 0;
            var choices = used.Append(replaceLeft ? b : a).Where(v => v != (replaceLeft ? a : b)).Distinct().ToArray();
            if (choices.Length == 0)
                return null;
            decimal value = choices[random.Next(choices.Length)];
            decimal left = replaceLeft ? value : a, right = replaceLeft ? b : value;
            if (op.Apply(left, right) is { } result && result >= 0 && result == decimal.Truncate(result))
                return Replace(line, c, $"{LabOperators.Expression(left, op, right)} = {LabOperators.Format(result)}");
        }
        return null;
    }

    // One slip of the pen on a whole number's digits, each kind as likely where it can be made (a one-digit number
    // can only be changed or doubled); null where it leaves no number, or a leading zero.
    private static decimal? DigitEdit(string digits, Random random)
    {
        if (digits.Length == 0 || digits.Any(ch => !char.IsAsciiDigit(ch)))
            return null;
        int n = digits.Length, kind = random.Next(n > 1 ? 4 : 2), at = random.Next(kind == 2 ? n - 1 : n);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string edited = kind switch
        {
            0 => string.Concat(digits.AsSpan(0, at), ((digits[at] - '0' + random.Next(1, 10)) % 10).ToString(inv), digits.AsSpan(at + 1)),
            1 => digits.Insert(at, digits[at].ToString()),
            2 => string.Concat(digits.AsSpan(0, at), digits[at + 1].ToString(), digits[at].ToString(), digits.AsSpan(at + 2)),
            _ => digits.Remove(at, 1),
        };
        return edited == digits || edited.StartsWith('0') ? null : decimal.Parse(edited, inv);
    }

    private static string? Operation(string line, LabComputation c, decimal a, LabOperator op, decimal b, LabProblem problem, Random random)
    {
        var options = Enum.GetValues<LabOperator>()
            .Where(o => o != op && o.Apply(a, b) is { } r && r >= 0 && r == decimal.Truncate(r))
            // Never an operation the plan itself does with these operands: that would be right, not a mistake.
            .Where(o => !problem.Steps.Any(s => s.Operator == o && s.Left.Value == a && s.Right.Value == b))
            .ToArray();
        if (options.Length == 0)
            return null;
        var wrong = options[random.Next(options.Length)];
        return Replace(line, c, $"{LabOperators.Expression(a, wrong, b)} = {LabOperators.Format(wrong.Apply(a, b)!.Value)}");
    }

    /// <summary>Jumps ahead: step k becomes the later step that uses its result, or an early answer when none does.</summary>
    private static string? Missing(IReadOnlyList<string> steps, int stepIndex, LabComputation c, LabComputation[] earlier)
    {
        for (int j = stepIndex; j < steps.Count; j++)
        {
            if (LabComputation.FindAll(steps[j]).Any(later => later.Operands.Contains(c.StatedResult)))
                return steps[j];
        }
        var before = earlier.Length > 0 ? earlier[^1].StatedResult : c.Operands[0];
        return LabProblem.AnswerLine(before);
    }

    private static string Replace(string line, LabComputation c, string computation) =>
        string.Concat(line.AsSpan(0, c.Start), computation, line.AsSpan(c.Start + c.Length));
}
