using System.Globalization;
using System.Numerics;

namespace MathCritique.Grading;

/// <summary>
/// An exact key for answers that are rational numbers (<c>0.5</c>, <c>\frac{2}{4}</c>, <c>x = 1/2</c>, <c>\$0.50</c> all
/// give "1/2"), computed with big-integer fractions so equal keys always mean equivalent answers.
/// </summary>
internal static class CanonicalKey
{
    private const int MaxBits = 4096;
    private const int MaxExponent = 64;

    public static string Format(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne)
        {
            numerator /= gcd;
            denominator /= gcd;
        }
        return denominator.IsOne
            ? numerator.ToString(CultureInfo.InvariantCulture)
            : $"{numerator.ToString(CultureInfo.InvariantCulture)}/{denominator.ToString(CultureInfo.InvariantCulture)}";
    }

    public static bool TryCompute(MathExpr e, out string key)
    {
        key = "";
        if (e is RelationExpr { Ops: [RelationOp.Equal], Operands: [SymbolExpr, var value] })
            e = value;
        if (!TryEvaluate(e, 0, out var n, out var d))
            return false;
        key = Format(n, d);
        return true;
    }

    private static bool TryEvaluate(MathExpr e, int depth, out BigInteger n, out BigInteger d)
    {
        n = BigInteger.Zero;
        d = BigInteger.One;
        if (depth > MathParser.MaxDepth)
            return false;
        switch (e)
        {
            case NumberExpr { Decimals: >= 0 and <= 15 } number:
                double scaled = Math.Round(number.Value * Math.Pow(10, number.Decimals));
                if (!(Math.Abs(scaled) < 9007199254740992))
                    return false;
                n = new BigInteger(scaled);
                d = BigInteger.Pow(10, number.Decimals);
                return true;
            case NegateExpr negate:
                if (!TryEvaluate(negate.Operand, depth + 1, out n, out d))
                    return false;
                n = -n;
                return true;
            case BinaryExpr b when b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Power:
                if (!TryEvaluate(b.Left, depth + 1, out var ln, out var ld) || !TryEvaluate(b.Right, depth + 1, out var rn, out var rd))
                    return false;
                switch (b.Op)
                {
                    case BinaryOp.Add:
                        (n, d) = (ln * rd + rn * ld, ld * rd);
                        break;
                    case BinaryOp.Subtract:
                        (n, d) = (ln * rd - rn * ld, ld * rd);
                        break;
                    case BinaryOp.Multiply:
                        (n, d) = (ln * rn, ld * rd);
                        break;
                    case BinaryOp.Divide:
                        if (rn.IsZero)
                            return false;
                        (n, d) = (ln * rd, ld * rn);
                        break;
                    default:
                        // Only small integer exponents: 2^{10}, (1/2)^3, 10^{-2}.
                        if (!rd.IsOne || BigInteger.Abs(rn) > MaxExponent)
                            return false;
                        int k = (int)rn;
                        if (k < 0 && ln.IsZero)
                            return false;
                        (n, d) = k >= 0 ? (BigInteger.Pow(ln, k), BigInteger.Pow(ld, k)) : (BigInteger.Pow(ld, -k), BigInteger.Pow(ln, -k));
                        break;
                }
                if (d.Sign < 0)
                    (n, d) = (-n, -d);
                var gcd = BigInteger.GreatestCommonDivisor(n, d);
                if (!gcd.IsOne && !gcd.IsZero)
                    (n, d) = (n / gcd, d / gcd);
                return n.GetBitLength() <= MaxBits && d.GetBitLength() <= MaxBits;
            default:
                return false;
        }
    }
}
