using System.Numerics;

namespace MathCritique.Grading;

/// <summary>
/// Decides whether two parsed answers are the same answer: structure first (sets ignore order, tuples do not,
/// intervals check their brackets, relations are normalized), then values (numbers by <see cref="NumberComparison"/>,
/// expressions with variables by evaluation at several pseudo-random points from a fixed seed).
/// </summary>
internal sealed class AnswerComparer(GraderOptions options)
{
    private const int MaxItems = 64;
    private const int MaxPlusMinus = 4;
    private const int Points = 6;
    private const int MaxAttempts = 16;
    private const ulong Seed = 0x5EED_2024_CAFE_F00DUL;

    public Verdict Compare(MathExpr gold, MathExpr pred)
    {
        gold = StripMembership(gold);
        pred = StripMembership(pred);
        if (gold is RelationExpr gr && pred is RelationExpr pr)
            return CompareRelations(gr, pr);
        if (gold is RelationExpr goldRelation)
        {
            if (EquationValue(goldRelation) is { } value)
                return Compare(value, pred);
            if (InequalityToInterval(goldRelation) is { } interval && IsIntervalLike(pred))
                return Compare(interval, pred);
            return new(false, "different kinds: the gold is a relation");
        }
        if (pred is RelationExpr predRelation)
        {
            if (EquationValue(predRelation) is { } value)
                return Compare(gold, value);
            if (InequalityToInterval(predRelation) is { } interval && IsIntervalLike(gold))
                return Compare(gold, interval);
            return new(false, "different kinds: the prediction is a relation");
        }
        gold = ExpandPlusMinus(gold);
        pred = ExpandPlusMinus(pred);
        if (IsCollection(gold) || IsCollection(pred))
            return CompareCollections(gold, pred);
        return CompareScalars(gold, pred);
    }

    private static MathExpr StripMembership(MathExpr e) =>
        e is RelationExpr { Ops: [RelationOp.In], Operands: [var element, var set] } && IsNameLike(element) ? set : e;

    private static bool IsCollection(MathExpr e) => e is SeqExpr or IntervalExpr or UnionExpr or MatrixExpr;

    private static bool IsIntervalLike(MathExpr e) =>
        e is IntervalExpr or UnionExpr || e is SeqExpr { Kind: SeqKind.Paren or SeqKind.Bracket, Items.Count: 2 }
        || e is SeqExpr { Kind: SeqKind.Bare } bare && bare.Items.All(i => i is RelationExpr);

    /// <summary>A name being defined: <c>x</c>, <c>x_1</c>, <c>f(x)</c>, <c>(a, b)</c>.</summary>
    private static bool IsNameLike(MathExpr e) => e switch
    {
        SymbolExpr => true,
        BinaryExpr { Op: BinaryOp.Multiply, Left: SymbolExpr, Right: var args } => !ContainsRelation(args),
        SeqExpr { Kind: SeqKind.Paren } s => s.Items.All(i => i is SymbolExpr),
        _ => false,
    };

    private static bool ContainsRelation(MathExpr e) => e is RelationExpr;

    /// <summary>The value an equation states: <c>x = 5</c> → 5, <c>5 = x</c> → 5, <c>x = 2+3 = 5</c> → 5.</summary>
    private static MathExpr? EquationValue(RelationExpr r)
    {
        if (r.Ops.Any(op => op != RelationOp.Equal))
            return null;
        var first = r.Operands[0];
        var last = r.Operands[^1];
        if (r.Operands.Count > 2)
            return IsNameLike(last) ? first : last;
        if (IsNameLike(first))
            return last;
        return IsNameLike(last) ? first : null;
    }

    private Verdict CompareRelations(RelationExpr gold, RelationExpr pred)
    {
        if (gold.Ops.All(op => op == RelationOp.Equal) && pred.Ops.All(op => op == RelationOp.Equal))
        {
            bool twoSided = gold.Operands.Count == 2 && pred.Operands.Count == 2;
            if (EquationValue(gold) is { } gv && EquationValue(pred) is { } pv)
            {
                var byValue = Compare(gv, pv);
                // a = b against b = a, or k = 2m against m = k/2: the values differ, the equations do not.
                return byValue.Equal || !twoSided || !SameEquation(gold, pred) ? byValue : new(true, "equivalent equations");
            }
            if (twoSided)
                return SameEquation(gold, pred) ? new(true, "equivalent equations") : new(false, "different equations");
            return Compare(gold.Operands[^1], pred.Operands[^1]);
        }
        if (gold.Ops is [RelationOp.NotEqual] && pred.Ops is [RelationOp.NotEqual])
        {
            return Proportional(Difference(gold), Difference(pred), positive: false)
                ? new(true, "equivalent relations")
                : new(false, "different relations");
        }
        var g = Ascending(gold);
        var p = Ascending(pred);
        if (g is null || p is null)
            return new(false, "different relations");
        if (InequalityToInterval(g) is { } gi && InequalityToInterval(p) is { } pi)
        {
            var verdict = CompareIntervals(gi, pi);
            return verdict.Equal ? new(true, "equivalent inequalities") : verdict;
        }
        if (g.Ops.Count == 1 && p.Ops.Count == 1 && g.Ops[0] == p.Ops[0])
        {
            return Proportional(Difference(g), Difference(p), positive: true)
                ? new(true, "equivalent inequalities")
                : new(false, "different inequalities");
        }
        if (g.Ops.Count != p.Ops.Count || !g.Ops.SequenceEqual(p.Ops))
            return new(false, "different relations");
        for (int i = 0; i < g.Operands.Count; i++)
        {
            var v = Compare(g.Operands[i], p.Operands[i]);
            if (!v.Equal)
                return new(false, $"different relations: side {i + 1}: {v.Reason}");
        }
        return new(true, "equivalent inequalities");
    }

    /// <summary>Whether two equations state the same thing: their sides' differences are proportional.</summary>
    private bool SameEquation(RelationExpr gold, RelationExpr pred)
    {
        try
        {
            return Proportional(Difference(gold), Difference(pred), positive: false);
        }
        catch (MathParseException)
        {
            return false; // a side that is not a number (a list, an interval) has no difference to compare
        }
    }

    private static MathExpr Difference(RelationExpr r) => new BinaryExpr(BinaryOp.Subtract, r.Operands[1], r.Operands[0]);

    /// <summary>Rewrites a chain of &gt;/≥ as one of &lt;/≤ (<c>x &gt; 3</c> → <c>3 &lt; x</c>); null for mixed directions.</summary>
    private static RelationExpr? Ascending(RelationExpr r)
    {
        if (r.Ops.All(op => op is RelationOp.Less or RelationOp.LessEqual))
            return r;
        if (!r.Ops.All(op => op is RelationOp.Greater or RelationOp.GreaterEqual))
            return null;
        var operands = r.Operands.Reverse().ToArray();
        var ops = r.Ops.Reverse().Select(op => op == RelationOp.Greater ? RelationOp.Less : RelationOp.LessEqual).ToArray();
        return new RelationExpr(operands, ops);
    }

    /// <summary><c>x &gt; 3</c> → (3, ∞); <c>-1 ≤ x &lt; 2</c> → [-1, 2); null unless one variable against constants.</summary>
    private static IntervalExpr? InequalityToInterval(RelationExpr relation)
    {
        var r = Ascending(relation);
        if (r is null)
            return null;
        var infinity = new ConstantExpr(ConstantKind.Infinity);
        var minusInfinity = new NegateExpr(infinity);
        if (r.Operands.Count == 2)
        {
            bool closed = r.Ops[0] == RelationOp.LessEqual;
            if (r.Operands[0] is SymbolExpr && IsConstant(r.Operands[1]))
                return new IntervalExpr(false, minusInfinity, r.Operands[1], closed);
            if (r.Operands[1] is SymbolExpr && IsConstant(r.Operands[0]))
                return new IntervalExpr(closed, r.Operands[0], infinity, false);
            return null;
        }
        if (r.Operands.Count == 3 && r.Operands[1] is SymbolExpr && IsConstant(r.Operands[0]) && IsConstant(r.Operands[2]))
            return new IntervalExpr(r.Ops[0] == RelationOp.LessEqual, r.Operands[0], r.Operands[2], r.Ops[1] == RelationOp.LessEqual);
        return null;
    }

    private static bool IsConstant(MathExpr e)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        CollectSymbols(e, symbols);
        return symbols.Count == 0;
    }

    // ---- ± ----

    private static MathExpr ExpandPlusMinus(MathExpr e)
    {
        if (e is SeqExpr { Kind: SeqKind.Set or SeqKind.Bare } seq && seq.Items.Any(HasPlusMinus))
        {
            var items = new List<MathExpr>();
            foreach (var item in seq.Items)
            {
                if (ExpandPlusMinus(item) is SeqExpr { Kind: SeqKind.Bare } expanded)
                    items.AddRange(expanded.Items);
                else
                    items.Add(item);
            }
            return new SeqExpr(seq.Kind, items);
        }
        if (IsCollection(e) || !HasPlusMinus(e) || CountPlusMinus(e) > MaxPlusMinus)
            return e;
        var variants = Variants(e);
        return variants.Count == 1 ? variants[0] : new SeqExpr(SeqKind.Bare, variants);
    }

    private static bool HasPlusMinus(MathExpr e) => CountPlusMinus(e) > 0;

    private static int CountPlusMinus(MathExpr e) => e switch
    {
        BinaryExpr b => (b.Op is BinaryOp.PlusMinus or BinaryOp.MinusPlus ? 1 : 0) + CountPlusMinus(b.Left) + CountPlusMinus(b.Right),
        NegateExpr n => CountPlusMinus(n.Operand),
        FunctionExpr f => CountPlusMinus(f.Argument) + (f.Extra is null ? 0 : CountPlusMinus(f.Extra)),
        PercentExpr p => CountPlusMinus(p.Operand),
        _ => 0,
    };

    /// <summary>Every sign choice of an expression with ± (each ± chosen independently).</summary>
    private static List<MathExpr> Variants(MathExpr e)
    {
        switch (e)
        {
            case BinaryExpr b:
                var result = new List<MathExpr>();
                foreach (var l in Variants(b.Left))
                {
                    foreach (var r in Variants(b.Right))
                    {
                        if (b.Op is BinaryOp.PlusMinus or BinaryOp.MinusPlus)
                        {
                            result.Add(new BinaryExpr(BinaryOp.Add, l, r));
                            result.Add(new BinaryExpr(BinaryOp.Subtract, l, r));
                        }
                        else
                            result.Add(b with { Left = l, Right = r });
                    }
                }
                return result;
            case NegateExpr n:
                return Variants(n.Operand).Select(v => (MathExpr)new NegateExpr(v)).ToList();
            case FunctionExpr f when f.Extra is null:
                return Variants(f.Argument).Select(v => (MathExpr)(f with { Argument = v })).ToList();
            case PercentExpr p:
                return Variants(p.Operand).Select(v => (MathExpr)new PercentExpr(v)).ToList();
            default:
                return [e];
        }
    }

    // ---- collections ----

    private Verdict CompareCollections(MathExpr gold, MathExpr pred)
    {
        if (gold is UnionExpr or IntervalExpr || pred is UnionExpr or IntervalExpr)
            return CompareIntervalSets(gold, pred);
        if (gold is MatrixExpr gm)
        {
            return pred switch
            {
                MatrixExpr pm => CompareMatrices(gm, pm),
                SeqExpr { Kind: SeqKind.Paren or SeqKind.Bracket } ps when AsVector(gm) is { } gv => CompareOrdered(gv, ps.Items, "vectors"),
                _ => new(false, "different kinds: the gold is a matrix"),
            };
        }
        if (pred is MatrixExpr predMatrix)
        {
            return gold is SeqExpr { Kind: SeqKind.Paren or SeqKind.Bracket } gs && AsVector(predMatrix) is { } pv
                ? CompareOrdered(gs.Items, pv, "vectors")
                : new(false, "different kinds: the prediction is a matrix");
        }
        if (gold is SeqExpr goldSeq && pred is SeqExpr predSeq)
            return CompareSeqs(goldSeq, predSeq);
        if (gold is SeqExpr { Kind: SeqKind.Set or SeqKind.Bare, Items: [var onlyGold] })
            return Compare(onlyGold, pred);
        if (pred is SeqExpr { Kind: SeqKind.Set or SeqKind.Bare, Items: [var onlyPred] })
            return Compare(gold, onlyPred);
        return new(false, gold is SeqExpr ? "different kinds: the gold is a list" : "different kinds: the prediction is a list");
    }

    private Verdict CompareSeqs(SeqExpr gold, SeqExpr pred)
    {
        bool unordered = gold.Kind is SeqKind.Set or SeqKind.Bare;
        if (!unordered && pred.Kind != SeqKind.Bare && pred.Kind != gold.Kind)
            return new(false, $"different brackets: {Describe(gold.Kind)} vs {Describe(pred.Kind)}");
        if (gold.Kind == SeqKind.Set && pred.Kind is SeqKind.Paren or SeqKind.Bracket)
            return new(false, $"different brackets: {Describe(gold.Kind)} vs {Describe(pred.Kind)}");
        if (gold.Kind == SeqKind.Set && pred.Kind == SeqKind.Set && gold.Items.Count != pred.Items.Count)
            return CompareWithRepeats(gold.Items, pred.Items);
        if (gold.Items.Count != pred.Items.Count)
            return new(false, $"different number of items ({gold.Items.Count} vs {pred.Items.Count})");
        return unordered ? CompareUnordered(gold.Items, pred.Items) : CompareOrdered(gold.Items, pred.Items, Describe(gold.Kind) + "s");
    }

    /// <summary>Two sets written with a repeated member (<c>\{1,2,2\}</c> is <c>\{1,2\}</c>): each member of one is in the other.</summary>
    private Verdict CompareWithRepeats(IReadOnlyList<MathExpr> gold, IReadOnlyList<MathExpr> pred)
    {
        if (gold.Count > MaxItems || pred.Count > MaxItems)
            return new(false, $"unparseable: more than {MaxItems} items");
        if (!gold.All(g => pred.Any(p => Compare(g, p).Equal)))
            return new(false, "different sets: a gold member is missing from the prediction");
        return pred.All(p => gold.Any(g => Compare(g, p).Equal))
            ? new(true, "equal sets (order and repeats ignored)")
            : new(false, "different sets: the prediction has a member the gold lacks");
    }

    private static string Describe(SeqKind kind) => kind switch
    {
        SeqKind.Paren => "tuple",
        SeqKind.Bracket => "bracketed list",
        SeqKind.Set => "set",
        _ => "list",
    };

    private Verdict CompareOrdered(IReadOnlyList<MathExpr> gold, IReadOnlyList<MathExpr> pred, string what)
    {
        if (gold.Count != pred.Count)
            return new(false, $"different number of items ({gold.Count} vs {pred.Count})");
        for (int i = 0; i < gold.Count; i++)
        {
            var v = Compare(gold[i], pred[i]);
            if (!v.Equal)
                return new(false, $"different {what}: item {i + 1}: {v.Reason}");
        }
        return new(true, $"equal {what}");
    }

    private Verdict CompareUnordered(IReadOnlyList<MathExpr> gold, IReadOnlyList<MathExpr> pred, Func<MathExpr, MathExpr, Verdict>? compare = null)
    {
        compare ??= Compare;
        if (gold.Count != pred.Count)
            return new(false, $"different number of items ({gold.Count} vs {pred.Count})");
        if (gold.Count > MaxItems)
            return new(false, $"unparseable: more than {MaxItems} items");
        var used = new bool[pred.Count];
        for (int i = 0; i < gold.Count; i++)
        {
            bool found = false;
            for (int j = 0; j < pred.Count && !found; j++)
            {
                if (!used[j] && compare(gold[i], pred[j]).Equal)
                {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found)
                return new(false, $"different sets: gold item {i + 1} has no match");
        }
        return new(true, "equal sets (order ignored)");
    }

    private static IReadOnlyList<MathExpr>? AsVector(MatrixExpr m)
    {
        if (m.Rows.Count == 1)
            return m.Rows[0];
        return m.Rows.All(r => r.Count == 1) ? m.Rows.Select(r => r[0]).ToArray() : null;
    }

    private Verdict CompareMatrices(MatrixExpr gold, MatrixExpr pred)
    {
        if (gold.Rows.Count != pred.Rows.Count || gold.Rows[0].Count != pred.Rows[0].Count)
            return new(false, $"different matrix sizes ({gold.Rows.Count}×{gold.Rows[0].Count} vs {pred.Rows.Count}×{pred.Rows[0].Count})");
        for (int r = 0; r < gold.Rows.Count; r++)
        {
            for (int c = 0; c < gold.Rows[r].Count; c++)
            {
                var v = Compare(gold.Rows[r][c], pred.Rows[r][c]);
                if (!v.Equal)
                    return new(false, $"different matrices: entry ({r + 1},{c + 1}): {v.Reason}");
            }
        }
        return new(true, "equal matrices");
    }

    // ---- intervals ----

    private Verdict CompareIntervalSets(MathExpr gold, MathExpr pred)
    {
        var g = IntervalParts(gold);
        var p = IntervalParts(pred);
        if (g.Count == 1 && p.Count == 1)
            return ComparePart(g[0], p[0]);
        var verdict = CompareUnordered(g, p, ComparePart);
        return verdict.Equal ? new(true, "equal unions of intervals") : verdict;
    }

    private static List<MathExpr> IntervalParts(MathExpr e)
    {
        var parts = e switch
        {
            UnionExpr u => u.Parts,
            SeqExpr { Kind: SeqKind.Bare } bare when bare.Items.All(i => i is RelationExpr) => bare.Items,
            _ => [e],
        };
        return parts.Select(AsInterval).ToList();
    }

    private static MathExpr AsInterval(MathExpr e) => e switch
    {
        SeqExpr { Kind: SeqKind.Paren, Items: [var low, var high] } => new IntervalExpr(false, low, high, false),
        SeqExpr { Kind: SeqKind.Bracket, Items: [var low, var high] } => new IntervalExpr(true, low, high, true),
        RelationExpr r when StripMembership(r) is var stripped && stripped != r => AsInterval(stripped),
        RelationExpr r => InequalityToInterval(r) ?? (MathExpr)r,
        _ => e,
    };

    private Verdict ComparePart(MathExpr gold, MathExpr pred) =>
        gold is IntervalExpr gi && pred is IntervalExpr pi ? CompareIntervals(gi, pi)
        : gold is IntervalExpr || pred is IntervalExpr ? new(false, "different kinds: interval vs other")
        : Compare(gold, pred);

    private Verdict CompareIntervals(IntervalExpr gold, IntervalExpr pred)
    {
        // At an infinite end the bracket carries no meaning: [2, ∞] is [2, ∞).
        bool lowMatters = !IsInfinity(gold.Low, out _), highMatters = !IsInfinity(gold.High, out _);
        if ((lowMatters && gold.LowClosed != pred.LowClosed) || (highMatters && gold.HighClosed != pred.HighClosed))
            return new(false, "different intervals: open/closed ends differ");
        var low = Compare(gold.Low, pred.Low);
        if (!low.Equal)
            return new(false, $"different intervals: lower end: {low.Reason}");
        var high = Compare(gold.High, pred.High);
        if (!high.Equal)
            return new(false, $"different intervals: upper end: {high.Reason}");
        return new(true, "equal intervals");
    }

    // ---- scalars ----

    private static bool IsInfinity(MathExpr e, out bool negative)
    {
        negative = false;
        while (true)
        {
            switch (e)
            {
                case ConstantExpr { Kind: ConstantKind.Infinity }:
                    return true;
                case NegateExpr n:
                    negative = !negative;
                    e = n.Operand;
                    continue;
                default:
                    return false;
            }
        }
    }

    private Verdict CompareScalars(MathExpr gold, MathExpr pred)
    {
        bool goldInfinite = IsInfinity(gold, out var goldNegative), predInfinite = IsInfinity(pred, out var predNegative);
        if (goldInfinite || predInfinite)
            return goldInfinite && predInfinite && goldNegative == predNegative ? new(true, "equal infinities") : new(false, "different values (infinity)");
        if (gold is PercentExpr gp && pred is PercentExpr pp)
            return CompareScalars(gp.Operand, pp.Operand);
        if (gold is PercentExpr || pred is PercentExpr)
            return ComparePercent(gold, pred);
        if (gold is SymbolExpr gs && pred is SymbolExpr ps)
            return gs.Name == ps.Name ? new(true, "same symbol") : new(false, "different symbols");
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        CollectSymbols(gold, symbols);
        CollectSymbols(pred, symbols);
        if (symbols.Count > 0)
            return CompareExpressions(gold, pred, symbols);
        var g = Evaluate(gold, null, "gold");
        var p = Evaluate(pred, null, "prediction");
        return NumberComparison.Compare(g, p, LiteralDecimals(gold), LiteralDecimals(pred), options);
    }

    /// <summary>10% against 10 or 0.1, as <see cref="GraderOptions.Percent"/> says.</summary>
    private Verdict ComparePercent(MathExpr gold, MathExpr pred)
    {
        bool goldIsPercent = gold is PercentExpr;
        var percent = (PercentExpr)(goldIsPercent ? gold : pred);
        var other = goldIsPercent ? pred : gold;
        MathExpr[] candidates = options.Percent switch
        {
            PercentPolicy.DropSign => [percent.Operand],
            PercentPolicy.AsFraction => [new BinaryExpr(BinaryOp.Divide, percent.Operand, new NumberExpr(100, 0))],
            _ => [percent.Operand, new BinaryExpr(BinaryOp.Divide, percent.Operand, new NumberExpr(100, 0))],
        };
        foreach (var candidate in candidates)
        {
            var v = goldIsPercent ? CompareScalars(candidate, other) : CompareScalars(other, candidate);
            if (v.Equal)
                return new(true, $"{v.Reason} (percent, {options.Percent} policy)");
        }
        return new(false, $"different numbers (percent, {options.Percent} policy)");
    }

    private static int? LiteralDecimals(MathExpr e) => e switch
    {
        NumberExpr { Decimals: >= 0 } n => n.Decimals,
        NegateExpr { Operand: NumberExpr { Decimals: >= 0 } n } => n.Decimals,
        _ => null,
    };

    private static Complex Evaluate(MathExpr e, IReadOnlyDictionary<string, Complex>? variables, string side)
    {
        try
        {
            return ExprEvaluator.Evaluate(e, variables);
        }
        catch (MathParseException ex)
        {
            throw new MathParseException($"{side}: {ex.Message}");
        }
    }

    /// <summary>Evaluates both sides with the variables at pseudo-random points; all points must agree.</summary>
    private Verdict CompareExpressions(MathExpr gold, MathExpr pred, HashSet<string> symbols)
    {
        var names = symbols.Order(StringComparer.Ordinal).ToArray();
        var env = new Dictionary<string, Complex>(StringComparer.Ordinal);
        var rng = new SplitMix64(Seed);
        double tolerance = Math.Max(options.RelativeTolerance, 1e-9);
        int agreed = 0;
        for (int attempt = 0; attempt < MaxAttempts && agreed < Points; attempt++)
        {
            foreach (var name in names)
                env[name] = new Complex(0.5 + 2.5 * rng.NextDouble(), 0); // positive: √x, ln x and x^(1/3) stay real
            var g = Evaluate(gold, env, "gold");
            var p = Evaluate(pred, env, "prediction");
            bool goldFinite = NumberComparison.IsFinite(g), predFinite = NumberComparison.IsFinite(p);
            if (!goldFinite && !predFinite)
                continue;
            if (!goldFinite || !predFinite || !NumberComparison.Close(g, p, tolerance, 1e-9))
                return new(false, "different expressions");
            agreed++;
        }
        return agreed >= 3
            ? new(true, $"algebraically equal (numeric check at {agreed} points)")
            : new(false, "unparseable: expressions could not be evaluated");
    }

    /// <summary>Whether a = c·b for one constant c (c &gt; 0 when <paramref name="positive"/>), at sample points.</summary>
    private bool Proportional(MathExpr a, MathExpr b, bool positive)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        CollectSymbols(a, symbols);
        CollectSymbols(b, symbols);
        var names = symbols.Order(StringComparer.Ordinal).ToArray();
        var env = new Dictionary<string, Complex>(StringComparer.Ordinal);
        var rng = new SplitMix64(Seed);
        double tolerance = Math.Max(options.RelativeTolerance, 1e-9);
        Complex? ratio = null;
        int checkedPoints = 0;
        for (int attempt = 0; attempt < MaxAttempts && checkedPoints < Points; attempt++)
        {
            foreach (var name in names)
                env[name] = new Complex(0.5 + 2.5 * rng.NextDouble(), 0);
            var x = Evaluate(a, env, "gold");
            var y = Evaluate(b, env, "prediction");
            if (!NumberComparison.IsFinite(x) || !NumberComparison.IsFinite(y))
                continue;
            checkedPoints++;
            bool xZero = Complex.Abs(x) < 1e-12, yZero = Complex.Abs(y) < 1e-12;
            if (xZero || yZero)
            {
                if (xZero != yZero)
                    return false;
                continue;
            }
            var r = x / y;
            if (ratio is null)
            {
                if (positive && !(Math.Abs(r.Imaginary) < 1e-12 && r.Real > 0))
                    return false;
                ratio = r;
            }
            else if (!NumberComparison.Close(r, ratio.Value, tolerance, 1e-12))
                return false;
        }
        return checkedPoints >= 3;
    }

    private static void CollectSymbols(MathExpr e, HashSet<string> symbols)
    {
        switch (e)
        {
            case SymbolExpr s:
                symbols.Add(s.Name);
                break;
            case NegateExpr n:
                CollectSymbols(n.Operand, symbols);
                break;
            case BinaryExpr b:
                CollectSymbols(b.Left, symbols);
                CollectSymbols(b.Right, symbols);
                break;
            case FunctionExpr f:
                CollectSymbols(f.Argument, symbols);
                if (f.Extra is not null)
                    CollectSymbols(f.Extra, symbols);
                break;
            case PercentExpr p:
                CollectSymbols(p.Operand, symbols);
                break;
            case SeqExpr seq:
                foreach (var item in seq.Items)
                    CollectSymbols(item, symbols);
                break;
        }
    }
}
