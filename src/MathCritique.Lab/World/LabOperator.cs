using System.Globalization;

namespace MathCritique.Lab;

/// <summary>The four operations of the lab world.</summary>
public enum LabOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>Symbols, evaluation and number formatting for <see cref="LabOperator"/>.</summary>
public static class LabOperators
{
    /// <summary>The symbol the lab writes: <c>+ - * /</c>.</summary>
    public static char Symbol(this LabOperator op) => op switch
    {
        LabOperator.Add => '+',
        LabOperator.Subtract => '-',
        LabOperator.Multiply => '*',
        _ => '/',
    };

    /// <summary>A verb for explanations ("add", "subtract", ...).</summary>
    public static string Verb(this LabOperator op) => op switch
    {
        LabOperator.Add => "add",
        LabOperator.Subtract => "subtract",
        LabOperator.Multiply => "multiply",
        _ => "divide",
    };

    public static bool IsCommutative(this LabOperator op) => op is LabOperator.Add or LabOperator.Multiply;

    /// <summary>Exact result, or null on division by zero or overflow.</summary>
    public static decimal? Apply(this LabOperator op, decimal left, decimal right)
    {
        try
        {
            return op switch
            {
                LabOperator.Add => left + right,
                LabOperator.Subtract => left - right,
                LabOperator.Multiply => left * right,
                _ => right == 0 ? null : left / right,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Reads an operator symbol as models write it (<c>+ - − * × x / ÷</c>).</summary>
    public static LabOperator? FromSymbol(string symbol) => symbol switch
    {
        "+" => LabOperator.Add,
        "-" or "−" or "–" => LabOperator.Subtract,
        "*" or "×" or "x" or "X" or "·" => LabOperator.Multiply,
        "/" or "÷" => LabOperator.Divide,
        _ => null,
    };

    /// <summary>A number as the lab writes it: invariant culture, no trailing zeros.</summary>
    public static string Format(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary><c>a op b</c>.</summary>
    public static string Expression(decimal left, LabOperator op, decimal right) => $"{Format(left)} {op.Symbol()} {Format(right)}";
}
