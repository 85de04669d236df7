namespace MathCritique.Grading;

/// <summary>A node of a parsed answer: an expression, or a structure of expressions (list, interval, matrix, relation).</summary>
internal abstract record MathExpr;

/// <summary>A number as written. <paramref name="Decimals"/> counts the fraction digits of a plain decimal literal
/// (0 for integers, -1 when the value came from scientific or repeating notation), so a rounded gold can be matched.</summary>
internal sealed record NumberExpr(double Value, int Decimals) : MathExpr
{
    public bool IsInteger => Decimals == 0;
}

/// <summary>A variable, a subscripted name (<c>x_1</c>), or a word (lower-cased, ≥ 3 letters).</summary>
internal sealed record SymbolExpr(string Name) : MathExpr;

internal enum ConstantKind { Pi, E, I, Infinity }

internal sealed record ConstantExpr(ConstantKind Kind) : MathExpr;

internal sealed record NegateExpr(MathExpr Operand) : MathExpr;

internal enum BinaryOp { Add, Subtract, Multiply, Divide, Power, PlusMinus, MinusPlus }

internal sealed record BinaryExpr(BinaryOp Op, MathExpr Left, MathExpr Right) : MathExpr;

/// <summary>A function application; <paramref name="Extra"/> is the root index of <c>\sqrt[n]</c>, the base of
/// <c>\log_b</c>, or the second argument of <c>\binom</c>.</summary>
internal sealed record FunctionExpr(string Name, MathExpr Argument, MathExpr? Extra = null) : MathExpr;

internal sealed record PercentExpr(MathExpr Operand) : MathExpr;

internal enum SeqKind
{
    /// <summary><c>(a, b)</c>: a tuple, or an open interval.</summary>
    Paren,
    /// <summary><c>[a, b]</c>: a vector, or a closed interval.</summary>
    Bracket,
    /// <summary><c>\{a, b\}</c>: a set.</summary>
    Set,
    /// <summary><c>a, b</c>: a bare list, usually the solutions of an equation.</summary>
    Bare,
}

internal sealed record SeqExpr(SeqKind Kind, IReadOnlyList<MathExpr> Items) : MathExpr;

/// <summary>An interval with mismatched brackets, e.g. <c>(0, 1]</c>; matched ones stay <see cref="SeqExpr"/>.</summary>
internal sealed record IntervalExpr(bool LowClosed, MathExpr Low, MathExpr High, bool HighClosed) : MathExpr;

internal sealed record UnionExpr(IReadOnlyList<MathExpr> Parts) : MathExpr;

internal sealed record MatrixExpr(IReadOnlyList<IReadOnlyList<MathExpr>> Rows) : MathExpr;

internal enum RelationOp { Equal, Less, LessEqual, Greater, GreaterEqual, NotEqual, In }

/// <summary>A chain of relations: <c>Operands[0] Ops[0] Operands[1] Ops[1] ...</c>.</summary>
internal sealed record RelationExpr(IReadOnlyList<MathExpr> Operands, IReadOnlyList<RelationOp> Ops) : MathExpr;
