using System.Numerics;

namespace MathCritique.Grading;

/// <summary>
/// Evaluates an expression tree in complex doubles (so <c>\sqrt{-3}</c> and <c>2+3i</c> have values). Real inputs take
/// real paths (<see cref="Math.Pow(double, double)"/>, not <see cref="Complex.Pow(Complex, Complex)"/>) so integers stay
/// exact. Huge values become infinities in O(1): nothing is ever expanded or computed digit by digit.
/// </summary>
internal sealed class ExprEvaluator(IReadOnlyDictionary<string, Complex>? variables)
{
    private const int MaxExactFactorial = 170;

    public static Complex Evaluate(MathExpr e, IReadOnlyDictionary<string, Complex>? variables = null) => new ExprEvaluator(variables).Eval(e);

    private Complex Eval(MathExpr e) => e switch
    {
        NumberExpr n => new Complex(n.Value, 0),
        SymbolExpr s => variables is not null && variables.TryGetValue(s.Name, out var v)
            ? v
            : throw new MathParseException($"'{s.Name}' has no value"),
        ConstantExpr c => c.Kind switch
        {
            ConstantKind.Pi => new Complex(Math.PI, 0),
            ConstantKind.E => new Complex(Math.E, 0),
            ConstantKind.I => Complex.ImaginaryOne,
            _ => new Complex(double.PositiveInfinity, 0),
        },
        NegateExpr n => Negate(Eval(n.Operand)),
        BinaryExpr b => Binary(b),
        FunctionExpr f => Function(f),
        PercentExpr p => Divide(Eval(p.Operand), new Complex(100, 0)),
        SeqExpr => throw new MathParseException("a list is not a number"),
        IntervalExpr or UnionExpr => throw new MathParseException("an interval is not a number"),
        MatrixExpr => throw new MathParseException("matrix arithmetic is not supported"),
        RelationExpr => throw new MathParseException("a relation is not a number"),
        _ => throw new MathParseException("not a number"),
    };

    private static Complex Negate(Complex a) => a.Imaginary == 0 ? new Complex(-a.Real, 0) : -a;

    private Complex Binary(BinaryExpr b)
    {
        if (b.Op is BinaryOp.PlusMinus or BinaryOp.MinusPlus)
            throw new MathParseException("± inside an expression");
        var l = Eval(b.Left);
        var r = Eval(b.Right);
        return b.Op switch
        {
            BinaryOp.Add => l.Imaginary == 0 && r.Imaginary == 0 ? new Complex(l.Real + r.Real, 0) : l + r,
            BinaryOp.Subtract => l.Imaginary == 0 && r.Imaginary == 0 ? new Complex(l.Real - r.Real, 0) : l - r,
            BinaryOp.Multiply => l.Imaginary == 0 && r.Imaginary == 0 ? new Complex(l.Real * r.Real, 0) : l * r,
            BinaryOp.Divide => Divide(l, r),
            _ => Power(l, r),
        };
    }

    private static Complex Divide(Complex l, Complex r) =>
        l.Imaginary == 0 && r.Imaginary == 0 ? new Complex(l.Real / r.Real, 0) : l / r;

    private static bool IsReal(Complex a) => a.Imaginary == 0;

    private static Complex Power(Complex l, Complex r)
    {
        if (IsReal(l) && IsReal(r) && (l.Real >= 0 || double.IsInteger(r.Real)))
            return new Complex(Math.Pow(l.Real, r.Real), 0);
        if (IsReal(l) && IsReal(r) && l.Real < 0 && OddRootExponent(r.Real, out var signed))
            return new Complex(-Math.Pow(-l.Real, signed), 0);
        return Complex.Pow(l, r);
    }

    /// <summary>(-8)^(1/3) is -2 on the reals (what a solver means), not the principal complex root.</summary>
    private static bool OddRootExponent(double exponent, out double value)
    {
        value = exponent;
        for (int q = 3; q <= 15; q += 2)
        {
            double p = exponent * q;
            if (Math.Abs(p - Math.Round(p)) < 1e-9 && Math.Abs(Math.Round(p)) % 2 == 1)
                return true;
        }
        return false;
    }

    private Complex Function(FunctionExpr f)
    {
        var x = Eval(f.Argument);
        switch (f.Name)
        {
            case "sqrt":
                if (f.Extra is null)
                    return IsReal(x) && x.Real >= 0 ? new Complex(Math.Sqrt(x.Real), 0) : Complex.Sqrt(x);
                var n = Eval(f.Extra);
                if (IsReal(x) && IsReal(n) && x.Real < 0 && double.IsOddInteger(n.Real))
                    return new Complex(-Math.Pow(-x.Real, 1 / n.Real), 0);
                return Power(x, Divide(Complex.One, n));
            case "binom":
                return Binomial(x, Eval(f.Extra!));
            case "log":
                var logBase = f.Extra is null ? new Complex(10, 0) : Eval(f.Extra);
                return Divide(Log(x), Log(logBase));
            case "ln":
                return Log(x);
            case "exp":
                return IsReal(x) ? new Complex(Math.Exp(x.Real), 0) : Complex.Exp(x);
            case "abs":
                return new Complex(Complex.Abs(x), 0);
            case "floor":
                return new Complex(Math.Floor(RealOf(x, "floor")), 0);
            case "ceil":
                return new Complex(Math.Ceiling(RealOf(x, "ceiling")), 0);
            case "fact":
                return new Complex(Factorial(RealOf(x, "factorial")), 0);
            case "dfact":
                return new Complex(DoubleFactorial(RealOf(x, "double factorial")), 0);
        }
        if (IsReal(x))
        {
            double r = x.Real;
            double? real = f.Name switch
            {
                "sin" => Math.Sin(r),
                "cos" => Math.Cos(r),
                "tan" => Math.Tan(r),
                "cot" => 1 / Math.Tan(r),
                "sec" => 1 / Math.Cos(r),
                "csc" => 1 / Math.Sin(r),
                "arcsin" when Math.Abs(r) <= 1 => Math.Asin(r),
                "arccos" when Math.Abs(r) <= 1 => Math.Acos(r),
                "arctan" => Math.Atan(r),
                "sinh" => Math.Sinh(r),
                "cosh" => Math.Cosh(r),
                "tanh" => Math.Tanh(r),
                _ => null,
            };
            if (real is { } value)
                return new Complex(value, 0);
        }
        return f.Name switch
        {
            "sin" => Complex.Sin(x),
            "cos" => Complex.Cos(x),
            "tan" => Complex.Tan(x),
            "cot" => Complex.One / Complex.Tan(x),
            "sec" => Complex.One / Complex.Cos(x),
            "csc" => Complex.One / Complex.Sin(x),
            "arcsin" => Complex.Asin(x),
            "arccos" => Complex.Acos(x),
            "arctan" => Complex.Atan(x),
            "sinh" => Complex.Sinh(x),
            "cosh" => Complex.Cosh(x),
            "tanh" => Complex.Tanh(x),
            _ => throw new MathParseException($"unknown function '{f.Name}'"),
        };
    }

    private static Complex Log(Complex x) => IsReal(x) && x.Real > 0 ? new Complex(Math.Log(x.Real), 0) : Complex.Log(x);

    private static double RealOf(Complex x, string what) =>
        IsReal(x) ? x.Real : throw new MathParseException($"{what} of a complex number");

    private static double Factorial(double n)
    {
        if (double.IsNaN(n) || n < 0 && double.IsInteger(n))
            return double.NaN;
        if (n > MaxExactFactorial + 1)
            return double.PositiveInfinity;
        if (!double.IsInteger(n))
            return Gamma(n + 1);
        double result = 1;
        for (int k = 2; k <= (int)n; k++)
            result *= k;
        return result;
    }

    private static double DoubleFactorial(double n)
    {
        if (!double.IsInteger(n) || n < -1)
            return double.NaN;
        if (n > 300)
            return double.PositiveInfinity;
        double result = 1;
        for (int k = (int)n; k > 1; k -= 2)
            result *= k;
        return result;
    }

    private static Complex Binomial(Complex n, Complex k)
    {
        if (!IsReal(n) || !IsReal(k))
            throw new MathParseException("binomial of a complex number");
        double nn = n.Real, kk = k.Real;
        if (double.IsInteger(nn) && double.IsInteger(kk))
        {
            if (kk < 0 || (nn >= 0 && kk > nn))
                return Complex.Zero;
            kk = Math.Min(kk, nn - kk);
            if (kk > 1000)
                return new Complex(Math.Exp(LogGamma(nn + 1) - LogGamma(kk + 1) - LogGamma(nn - kk + 1)), 0);
            double result = 1;
            for (int i = 1; i <= (int)kk; i++)
                result = result * (nn - kk + i) / i;
            return new Complex(Math.Round(result), 0);
        }
        return new Complex(Gamma(nn + 1) / (Gamma(kk + 1) * Gamma(nn - kk + 1)), 0);
    }

    // Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for real arguments.
    private static ReadOnlySpan<double> LanczosCoefficients =>
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private static double Gamma(double x)
    {
        if (x < 0.5)
            return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        if (x > 172)
            return double.PositiveInfinity;
        return Math.Exp(LogGamma(x));
    }

    private static double LogGamma(double x)
    {
        x -= 1;
        double a = LanczosCoefficients[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
            a += LanczosCoefficients[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
