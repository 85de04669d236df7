using System.Numerics;

namespace MathCritique.Grading;

/// <summary>The outcome of comparing two answers, with the reason that decided it.</summary>
internal readonly record struct Verdict(bool Equal, string Reason);

/// <summary>
/// When two numbers count as the same answer:
/// <list type="bullet">
/// <item>two integers (|x| ≤ 2^53) only when exactly equal, whatever the tolerance (1000000 ≠ 1000001);</item>
/// <item>otherwise within <see cref="GraderOptions.RelativeTolerance"/> of the larger magnitude (absolute floor 1e-12);</item>
/// <item>a gold written as a decimal with k ≥ 1 fraction digits (a rounded value, e.g. 0.33 or 12.57) also matches a
/// prediction that rounds to it at k digits, when the prediction is exact (<c>\frac13</c>, <c>4\pi</c>) or has at
/// least k+2 digits (3.1416 for 3.14); a shorter prediction (0.54 for 0.5) must match within the tolerance.</item>
/// </list>
/// </summary>
internal static class NumberComparison
{
    private const double MaxSafeInteger = 9007199254740992; // 2^53
    private const double AbsoluteFloor = 1e-12;

    /// <param name="goldDecimals">Fraction digits of a gold plain decimal literal, or null when the gold is not one.</param>
    /// <param name="predDecimals">Fraction digits of a predicted plain decimal literal, or null when it is not one.</param>
    public static Verdict Compare(Complex gold, Complex pred, int? goldDecimals, int? predDecimals, GraderOptions options)
    {
        if (!IsFinite(gold))
            return new(false, "unparseable: gold value is not a finite number");
        if (!IsFinite(pred))
            return new(false, "unparseable: predicted value is not a finite number (overflow or undefined)");
        if (gold == pred)
            return new(true, "equal numbers");
        if (gold.Imaginary == 0 && pred.Imaginary == 0)
            return CompareReal(gold.Real, pred.Real, goldDecimals, predDecimals, options);
        return Close(gold, pred, options.RelativeTolerance)
            ? new(true, "numerically equal (complex)")
            : new(false, "different numbers");
    }

    public static Verdict CompareReal(double gold, double pred, int? goldDecimals, int? predDecimals, GraderOptions options)
    {
        if (gold == pred)
            return new(true, "equal numbers");
        if (IsSafeInteger(gold) && IsSafeInteger(pred))
            return new(false, "different numbers");
        if (Close(gold, pred, options.RelativeTolerance))
            return new(true, $"numerically equal (relative tolerance {options.RelativeTolerance:G3})");
        if (options.MatchGoldPrecision && goldDecimals is int k and >= 1 and <= 12 && (predDecimals is null || predDecimals >= k + 2))
        {
            double rounded = Math.Round(pred, k, MidpointRounding.AwayFromZero);
            if (Math.Abs(rounded - gold) <= 1e-9 * Math.Max(1, Math.Abs(gold)))
                return new(true, $"equal at the gold's precision ({k} decimal{(k == 1 ? "" : "s")})");
        }
        return new(false, "different numbers");
    }

    public static bool IsFinite(Complex c) => double.IsFinite(c.Real) && double.IsFinite(c.Imaginary);

    private static bool IsSafeInteger(double x) => double.IsInteger(x) && Math.Abs(x) <= MaxSafeInteger;

    public static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= Math.Max(tolerance * Math.Max(Math.Abs(a), Math.Abs(b)), AbsoluteFloor);

    public static bool Close(Complex a, Complex b, double tolerance, double absoluteFloor = AbsoluteFloor) =>
        Complex.Abs(a - b) <= Math.Max(tolerance * Math.Max(Complex.Abs(a), Complex.Abs(b)), absoluteFloor);
}
