using System.Globalization;

namespace MathCritique.Lab;

/// <summary>
/// A computation written in a step: <c>a op b [op c ...] = result</c>, where it sits in the line, and
/// what the left side really evaluates to (usual precedence; null on division by zero or overflow).
/// </summary>
public sealed record LabComputation(
    IReadOnlyList<decimal> Operands, IReadOnlyList<LabOperator> Operators, decimal StatedResult, decimal? TrueResult, int Start, int Length)
{
    /// <summary>One operator: <c>a op b = c</c>.</summary>
    public bool IsBinary => Operators.Count == 1;

    public bool IsArithmeticCorrect => TrueResult == StatedResult;

    /// <summary>The left side as the lab writes it.</summary>
    public string Expression => string.Concat(Operands.Select((v, i) =>
        i == 0 ? LabOperators.Format(v) : $" {Operators[i - 1].Symbol()} {LabOperators.Format(v)}"));

    public override string ToString() => $"{Expression} = {LabOperators.Format(StatedResult)}";

    /// <summary>Every computation in <paramref name="line"/>, in order. Never throws on odd text.</summary>
    public static IReadOnlyList<LabComputation> FindAll(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var tokens = Tokenize(line);
        var found = new List<LabComputation>();
        for (int eq = 1; eq + 1 < tokens.Count; eq++)
        {
            if (tokens[eq].Kind != TokenKind.Equals || tokens[eq + 1].Kind != TokenKind.Number || tokens[eq - 1].Kind != TokenKind.Number)
                continue;
            // Walk left over "number (operator number)*".
            int first = eq - 1;
            while (first >= 2 && tokens[first - 1].Kind == TokenKind.Operator && tokens[first - 2].Kind == TokenKind.Number)
                first -= 2;
            if (first == eq - 1)
                continue;
            var operands = new List<decimal>();
            var operators = new List<LabOperator>();
            for (int t = first; t < eq; t++)
            {
                if (tokens[t].Kind == TokenKind.Number)
                    operands.Add(tokens[t].Value);
                else
                    operators.Add(tokens[t].Operator);
            }
            var result = tokens[eq + 1];
            found.Add(new LabComputation(operands, operators, result.Value, Evaluate(operands, operators),
                tokens[first].Start, result.Start + result.Length - tokens[first].Start));
        }
        return found;
    }

    /// <summary>Evaluates with * and / before + and -, left to right; null on division by zero or overflow.</summary>
    public static decimal? Evaluate(IReadOnlyList<decimal> operands, IReadOnlyList<LabOperator> operators)
    {
        var terms = new List<decimal> { operands[0] };
        var additive = new List<LabOperator>();
        for (int i = 0; i < operators.Count; i++)
        {
            if (operators[i] is LabOperator.Multiply or LabOperator.Divide)
            {
                var product = operators[i].Apply(terms[^1], operands[i + 1]);
                if (product is null)
                    return null;
                terms[^1] = product.Value;
            }
            else
            {
                additive.Add(operators[i]);
                terms.Add(operands[i + 1]);
            }
        }
        decimal? total = terms[0];
        for (int i = 0; i < additive.Count && total is not null; i++)
            total = additive[i].Apply(total.Value, terms[i + 1]);
        return total;
    }

    private enum TokenKind { Number, Operator, Equals, Word, Break }

    private readonly record struct Token(TokenKind Kind, int Start, int Length, decimal Value = 0, LabOperator Operator = LabOperator.Add);

    private static List<Token> Tokenize(string line)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < line.Length)
        {
            char ch = line[i];
            if (char.IsWhiteSpace(ch) || ch is '$' or ',')
            {
                // "$5" and "1,000"-style text: the symbol is not a token; a comma between words still is harmless.
                i++;
                continue;
            }
            if (char.IsAsciiDigit(ch))
            {
                int start = i;
                while (i < line.Length && char.IsAsciiDigit(line[i]))
                    i++;
                if (i + 1 < line.Length && line[i] == '.' && char.IsAsciiDigit(line[i + 1]))
                {
                    i++;
                    while (i < line.Length && char.IsAsciiDigit(line[i]))
                        i++;
                }
                var text = line.AsSpan(start, i - start);
                tokens.Add(text.Length <= 24 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    ? new Token(TokenKind.Number, start, i - start, value)
                    : new Token(TokenKind.Break, start, i - start));
                continue;
            }
            if (char.IsLetter(ch))
            {
                int start = i;
                while (i < line.Length && char.IsLetter(line[i]))
                    i++;
                var word = line[start..i];
                tokens.Add(word is "x" or "X" && LabOperators.FromSymbol(word) is { } times
                    ? new Token(TokenKind.Operator, start, i - start, Operator: times)
                    : new Token(TokenKind.Word, start, i - start));
                continue;
            }
            if (ch == '=')
                tokens.Add(new Token(TokenKind.Equals, i, 1));
            else if (LabOperators.FromSymbol(ch.ToString()) is { } op)
                tokens.Add(new Token(TokenKind.Operator, i, 1, Operator: op));
            else
                tokens.Add(new Token(TokenKind.Break, i, 1));
            i++;
        }
        return tokens;
    }
}
