namespace MathCritique.Grading;

/// <summary>
/// Recursive-descent parser from tokens to a <see cref="MathExpr"/> tree. Precedence, loosest first:
/// list (<c>,</c>), relation (<c>= &lt; \le \in</c>), union (<c>\cup</c>), sum (<c>+ - \pm</c>),
/// product (<c>\cdot / </c>, juxtaposition), sign, power (right-associative), postfix (<c>! %</c>).
/// Nesting is bounded so hostile input fails fast instead of overflowing the stack.
/// </summary>
internal sealed class MathParser
{
    public const int MaxDepth = 100;

    private static readonly HashSet<string> MatrixEnvironments =
        ["pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix", "smallmatrix", "array"];

    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;
    private int _absDepth;

    private MathParser(List<Token> tokens) => _tokens = tokens;

    /// <param name="decimalComma">Read <c>1,5</c> as 1.5 (<see cref="GraderOptions.DecimalComma"/>).</param>
    /// <exception cref="MathParseException">When the text is not a readable answer.</exception>
    public static MathExpr Parse(string normalized, bool decimalComma = false)
    {
        var parser = new MathParser(MathTokenizer.Tokenize(normalized, decimalComma));
        if (parser.Peek.Kind == TokenKind.End)
            throw new MathParseException("empty answer");
        var result = parser.ParseList();
        if (parser.Peek.Kind != TokenKind.End)
            throw new MathParseException($"unexpected '{parser.Peek.Text}'");
        return result;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.End)
            _pos++;
        return t;
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind)
            return false;
        _pos++;
        return true;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (!Accept(kind))
            throw new MathParseException(Peek.Kind == TokenKind.End ? $"missing {what}" : $"expected {what} before '{Peek.Text}'");
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw new MathParseException("nesting too deep");
    }

    private MathExpr ParseList()
    {
        var items = ParseItems();
        return items.Count == 1 ? items[0] : new SeqExpr(SeqKind.Bare, items);
    }

    /// <summary>Comma- or semicolon-separated items up to a closing token (a trailing comma is allowed).</summary>
    private List<MathExpr> ParseItems()
    {
        var items = new List<MathExpr>();
        if (IsCloser(Peek.Kind))
            return items;
        items.Add(ParseRelation());
        while (Peek.Kind is TokenKind.Comma or TokenKind.Semicolon)
        {
            Next();
            while (Peek.Kind is TokenKind.Comma or TokenKind.Semicolon)
                Next();
            if (IsCloser(Peek.Kind))
                break;
            items.Add(ParseRelation());
        }
        return items;
    }

    private bool IsCloser(TokenKind kind) => kind is TokenKind.End or TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace
        or TokenKind.RSet or TokenKind.RAngle or TokenKind.RFloor or TokenKind.RCeil or TokenKind.Amp or TokenKind.RowSep
        or TokenKind.EndEnv || (kind == TokenKind.Bar && _absDepth > 0);

    private MathExpr ParseRelation()
    {
        var first = ParseUnion();
        if (Peek.Kind != TokenKind.Relation)
            return first;
        var operands = new List<MathExpr> { first };
        var ops = new List<RelationOp>();
        while (Peek.Kind == TokenKind.Relation)
        {
            ops.Add(Next().Relation);
            operands.Add(ParseUnion());
        }
        return new RelationExpr(operands, ops);
    }

    private MathExpr ParseUnion()
    {
        var first = ParseAdditive();
        if (Peek.Kind != TokenKind.Cup)
            return first;
        var parts = new List<MathExpr> { first };
        while (Accept(TokenKind.Cup))
            parts.Add(ParseAdditive());
        return new UnionExpr(parts);
    }

    private MathExpr ParseAdditive()
    {
        var left = ParseTerm();
        while (true)
        {
            BinaryOp? op = Peek.Kind switch
            {
                TokenKind.Plus => BinaryOp.Add,
                TokenKind.Minus => BinaryOp.Subtract,
                TokenKind.PlusMinus => BinaryOp.PlusMinus,
                TokenKind.MinusPlus => BinaryOp.MinusPlus,
                _ => null,
            };
            if (op is null)
                return left;
            Next();
            left = new BinaryExpr(op.Value, left, ParseTerm());
        }
    }

    private MathExpr ParseTerm()
    {
        var left = ParseUnary();
        bool single = true; // left is still the term's first factor (a mixed number can only start a term)
        while (true)
        {
            if (Accept(TokenKind.Times))
                left = new BinaryExpr(BinaryOp.Multiply, left, ParseUnary());
            else if (Accept(TokenKind.Divide))
                left = new BinaryExpr(BinaryOp.Divide, left, ParseUnary());
            else if (StartsFactor(Peek))
            {
                if (!(single && TryMixedNumber(ref left)))
                    left = new BinaryExpr(BinaryOp.Multiply, left, ParsePower());
            }
            else
                return left;
            single = false;
        }
    }

    /// <summary><c>2\frac{1}{2}</c> and <c>2 1/2</c> are 2.5, not 1 (a proper fraction of integers after an integer).</summary>
    private bool TryMixedNumber(ref MathExpr left)
    {
        bool negative = left is NegateExpr;
        if ((negative ? ((NegateExpr)left).Operand : left) is not NumberExpr { IsInteger: true } whole)
            return false;
        MathExpr? fraction = null;
        if (Peek.Kind == TokenKind.Frac)
        {
            var parsed = ParsePower();
            if (parsed is BinaryExpr { Op: BinaryOp.Divide, Left: NumberExpr { IsInteger: true } a, Right: NumberExpr { IsInteger: true } b }
                && a.Value > 0 && a.Value < b.Value)
                fraction = parsed;
            else
            {
                left = new BinaryExpr(BinaryOp.Multiply, left, parsed);
                return true;
            }
        }
        else if (Peek is { Kind: TokenKind.Number, Decimals: 0, SpaceBefore: true } numerator
            && PeekAt(1).Kind == TokenKind.Divide && PeekAt(2) is { Kind: TokenKind.Number, Decimals: 0 } denominator
            && PeekAt(3).Kind is not (TokenKind.Caret or TokenKind.Bang) && numerator.Value > 0 && numerator.Value < denominator.Value)
        {
            _pos += 3;
            fraction = new BinaryExpr(BinaryOp.Divide, new NumberExpr(numerator.Value, 0), new NumberExpr(denominator.Value, 0));
        }
        if (fraction is null)
            return false;
        MathExpr sum = new BinaryExpr(BinaryOp.Add, whole, fraction);
        left = negative ? new NegateExpr(sum) : sum;
        return true;
    }

    private bool StartsFactor(Token t) => t.Kind switch
    {
        TokenKind.Number or TokenKind.Symbol or TokenKind.Constant or TokenKind.Function or TokenKind.Frac or TokenKind.Sqrt
            or TokenKind.Binom or TokenKind.LParen or TokenKind.LBrace or TokenKind.LFloor or TokenKind.LCeil => true,
        TokenKind.Bar => _absDepth == 0,
        _ => false,
    };

    private MathExpr ParseUnary()
    {
        Enter();
        try
        {
            switch (Peek.Kind)
            {
                case TokenKind.Minus:
                    Next();
                    return new NegateExpr(ParseUnary());
                case TokenKind.Plus:
                    Next();
                    return ParseUnary();
                case TokenKind.PlusMinus or TokenKind.MinusPlus:
                    var op = Next().Kind == TokenKind.PlusMinus ? BinaryOp.PlusMinus : BinaryOp.MinusPlus;
                    return new BinaryExpr(op, new NumberExpr(0, 0), ParseUnary());
                default:
                    return ParsePower();
            }
        }
        finally
        {
            _depth--;
        }
    }

    private MathExpr ParsePower()
    {
        var b = ParsePostfix();
        if (Peek.Kind != TokenKind.Caret)
            return b;
        Next();
        if (IsDegreeMark())
            return b;
        return new BinaryExpr(BinaryOp.Power, b, ParseExponent());
    }

    /// <summary><c>^\circ</c> or <c>^{\circ}</c>: degrees, which the grader reads as plain numbers.</summary>
    private bool IsDegreeMark()
    {
        if (Accept(TokenKind.Degree))
            return true;
        if (Peek.Kind == TokenKind.LBrace && PeekAt(1).Kind == TokenKind.Degree && PeekAt(2).Kind == TokenKind.RBrace)
        {
            _pos += 3;
            return true;
        }
        return false;
    }

    private MathExpr ParseExponent()
    {
        Enter();
        try
        {
            MathExpr e;
            if (Accept(TokenKind.Minus))
                return new NegateExpr(ParseExponent());
            if (Accept(TokenKind.Plus))
                return ParseExponent();
            if (Peek.Kind == TokenKind.LBrace)
            {
                Next();
                e = ParseRelation();
                Expect(TokenKind.RBrace, "'}'");
            }
            else
                e = ParsePostfix();
            if (Accept(TokenKind.Caret))
                e = new BinaryExpr(BinaryOp.Power, e, ParseExponent());
            return e;
        }
        finally
        {
            _depth--;
        }
    }

    private MathExpr ParsePostfix()
    {
        var e = ParsePrimary();
        while (true)
        {
            switch (Peek.Kind)
            {
                case TokenKind.Bang:
                    Next();
                    // n!! is the double factorial; a third ! starts a new factorial.
                    e = Peek.Kind == TokenKind.Bang && !Peek.SpaceBefore && Next().Kind == TokenKind.Bang
                        ? new FunctionExpr("dfact", e)
                        : new FunctionExpr("fact", e);
                    break;
                case TokenKind.Percent:
                    Next();
                    e = new PercentExpr(e);
                    break;
                case TokenKind.Prime:
                    Next();
                    if (e is SymbolExpr prime)
                        e = new SymbolExpr(prime.Name + "'");
                    break;
                case TokenKind.Degree:
                    Next();
                    break;
                case TokenKind.Underscore:
                    Next();
                    var subscript = ReadSubscript();
                    e = e switch
                    {
                        SymbolExpr s => new SymbolExpr(s.Name + "_" + subscript),
                        // 204_5 is a numeral in base 5: a symbol, equal only to itself.
                        NumberExpr n => new SymbolExpr(n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + subscript),
                        _ => e,
                    };
                    break;
                default:
                    return e;
            }
        }
    }

    private string ReadSubscript()
    {
        if (!Accept(TokenKind.LBrace))
        {
            var t = Next();
            if (t.Kind == TokenKind.End)
                throw new MathParseException("missing subscript");
            return t.Text;
        }
        var text = new System.Text.StringBuilder();
        int nesting = 1;
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.End)
                throw new MathParseException("missing '}'");
            if (t.Kind == TokenKind.LBrace)
                nesting++;
            else if (t.Kind == TokenKind.RBrace && --nesting == 0)
                return text.ToString();
            text.Append(t.Text);
        }
    }

    private MathExpr ParsePrimary()
    {
        Enter();
        try
        {
            var t = Peek;
            switch (t.Kind)
            {
                case TokenKind.Number:
                    Next();
                    return new NumberExpr(t.Value, t.Decimals);
                case TokenKind.Symbol:
                    Next();
                    return new SymbolExpr(t.Text);
                case TokenKind.Constant:
                    Next();
                    return new ConstantExpr(t.Constant);
                case TokenKind.Frac:
                    Next();
                    var numerator = ReadArgument();
                    return new BinaryExpr(BinaryOp.Divide, numerator, ReadArgument());
                case TokenKind.Sqrt:
                    Next();
                    MathExpr? index = null;
                    if (Accept(TokenKind.LBracket))
                    {
                        index = ParseAdditive();
                        Expect(TokenKind.RBracket, "']'");
                    }
                    return new FunctionExpr("sqrt", ReadArgument(), index);
                case TokenKind.Binom:
                    Next();
                    var n = ReadArgument();
                    return new FunctionExpr("binom", n, ReadArgument());
                case TokenKind.Function:
                    return ParseFunction();
                case TokenKind.LParen or TokenKind.LBracket or TokenKind.LAngle:
                    return ParseBracketed();
                case TokenKind.LSet:
                    Next();
                    var members = ParseItems();
                    Expect(TokenKind.RSet, "'\\}'");
                    return new SeqExpr(SeqKind.Set, members);
                case TokenKind.LBrace:
                    Next();
                    var grouped = ParseItems();
                    Expect(TokenKind.RBrace, "'}'");
                    // {1,2} renders as 1,2: a bare list.
                    return grouped.Count switch
                    {
                        0 => throw new MathParseException("empty group"),
                        1 => grouped[0],
                        _ => new SeqExpr(SeqKind.Bare, grouped),
                    };
                case TokenKind.Bar:
                    Next();
                    _absDepth++;
                    var inner = ParseAdditive();
                    _absDepth--;
                    Expect(TokenKind.Bar, "closing '|'");
                    return new FunctionExpr("abs", inner);
                case TokenKind.LFloor or TokenKind.LCeil:
                    Next();
                    var body = ParseAdditive();
                    Expect(t.Kind == TokenKind.LFloor ? TokenKind.RFloor : TokenKind.RCeil, "closing bracket");
                    return new FunctionExpr(t.Kind == TokenKind.LFloor ? "floor" : "ceil", body);
                case TokenKind.BeginEnv:
                    return ParseMatrix();
                case TokenKind.EmptySet:
                    Next();
                    return new SeqExpr(SeqKind.Set, []);
                case TokenKind.Dots:
                    Next();
                    return new SymbolExpr("...");
                case TokenKind.End:
                    throw new MathParseException("unexpected end");
                default:
                    throw new MathParseException($"unexpected '{t.Text}'");
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Argument of <c>\frac</c>, <c>\sqrt</c>, <c>\binom</c>: a braced group, or one character as in LaTeX
    /// (<c>\frac12</c> is 1/2, <c>\sqrt23</c> is √2·3).</summary>
    private MathExpr ReadArgument()
    {
        var t = Peek;
        if (t.Kind == TokenKind.LBrace)
        {
            Next();
            var e = ParseRelation();
            Expect(TokenKind.RBrace, "'}'");
            return e;
        }
        if (t is { Kind: TokenKind.Number, Decimals: 0 } && t.Text.Length > 1 && char.IsAsciiDigit(t.Text[0]))
        {
            var rest = t.Text[1..];
            _tokens[_pos] = t with
            {
                Text = rest,
                Value = double.Parse(rest, System.Globalization.CultureInfo.InvariantCulture),
                SpaceBefore = false,
            };
            return new NumberExpr(t.Text[0] - '0', 0);
        }
        return ParsePrimary();
    }

    private MathExpr ParseFunction()
    {
        var name = Next().Text;
        MathExpr? power = null, logBase = null;
        for (int k = 0; k < 2; k++)
        {
            if (Accept(TokenKind.Caret))
                power = ParseExponent();
            else if (Accept(TokenKind.Underscore))
                logBase = ReadArgument();
        }
        MathExpr argument;
        if (Peek.Kind == TokenKind.LParen)
            argument = ParseBracketed();
        else
        {
            // \sin 2x is sin(2x); the argument stops at the next function: 2\sin b\cos a.
            argument = ParsePower();
            while (StartsFactor(Peek) && Peek.Kind is not (TokenKind.Function or TokenKind.LParen))
                argument = new BinaryExpr(BinaryOp.Multiply, argument, ParsePower());
        }
        if (power is NegateExpr { Operand: NumberExpr { Value: 1 } } && name is "sin" or "cos" or "tan")
            return new FunctionExpr("arc" + name, argument);
        MathExpr f = new FunctionExpr(name, argument, name == "log" ? logBase : null);
        return power is null ? f : new BinaryExpr(BinaryOp.Power, f, power);
    }

    private MathExpr ParseBracketed()
    {
        var open = Next().Kind;
        var items = ParseItems();
        var close = Peek.Kind;
        if (close is not (TokenKind.RParen or TokenKind.RBracket or TokenKind.RAngle))
            throw new MathParseException(close == TokenKind.End ? "unclosed bracket" : $"unexpected '{Peek.Text}'");
        Next();
        if (items.Count == 0)
            throw new MathParseException("empty brackets");
        if (open == TokenKind.LAngle || close == TokenKind.RAngle)
        {
            if (open != TokenKind.LAngle || close != TokenKind.RAngle)
                throw new MathParseException("mismatched angle brackets");
            return items.Count == 1 ? items[0] : new SeqExpr(SeqKind.Paren, items);
        }
        if ((open == TokenKind.LParen) == (close == TokenKind.RParen))
            return items.Count == 1 ? items[0] : new SeqExpr(open == TokenKind.LParen ? SeqKind.Paren : SeqKind.Bracket, items);
        if (items.Count != 2)
            throw new MathParseException("mismatched brackets");
        return new IntervalExpr(open == TokenKind.LBracket, items[0], items[1], close == TokenKind.RBracket);
    }

    private MathExpr ParseMatrix()
    {
        var env = Next().Text;
        if (!MatrixEnvironments.Contains(env))
            throw new MathParseException($"unsupported environment '{env}'");
        if (env == "array" && Peek.Kind == TokenKind.LBrace)
        {
            // Skip the column specification {cc} or {c|c}.
            while (Peek.Kind is not (TokenKind.RBrace or TokenKind.End))
                Next();
            Expect(TokenKind.RBrace, "'}'");
        }
        var rows = new List<IReadOnlyList<MathExpr>>();
        var row = new List<MathExpr>();
        while (true)
        {
            if (Accept(TokenKind.EndEnv))
                break;
            if (Peek.Kind == TokenKind.End)
                throw new MathParseException($"unclosed {env}");
            row.Add(ParseRelation());
            if (Accept(TokenKind.Amp))
                continue;
            if (Accept(TokenKind.RowSep))
            {
                rows.Add(row);
                row = [];
                continue;
            }
            if (Peek.Kind != TokenKind.EndEnv)
                throw new MathParseException($"unexpected '{Peek.Text}' in {env}");
        }
        if (row.Count > 0)
            rows.Add(row);
        if (rows.Count == 0 || rows.Any(r => r.Count != rows[0].Count))
            throw new MathParseException("ragged or empty matrix");
        return new MatrixExpr(rows);
    }
}
