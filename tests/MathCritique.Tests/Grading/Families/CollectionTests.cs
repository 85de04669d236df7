using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Sets ignore order (and repeats); tuples and bracketed lists keep order; a set is not a tuple; intervals check their ends.</summary>
public class CollectionTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> SetsAndTuples => EquivalenceFamily.Cases(
        (@"\{1,2\}", @"\{2,1\}", true), (@"\{1,2,3\}", @"\{3,1,2\}", true), (@"\{1,2\}", @"\{1,2,2\}", true), (@"\{1,1,2\}", @"\{2,1\}", true),
        (@"\{\frac12, 2\}", @"\{2, 0.5\}", true), ("(1,2)", "(1,2)", true), ("[1,2]", "[1,2]", true), (@"\left(1, 2\right)", "(1,2)", true),
        (@"\{1,2\}", @"\{1,3\}", false), (@"\{1,2\}", @"\{1,2,3\}", false), (@"\{1,2\}", @"\{1,1\}", false), ("(1,2)", "(2,1)", false),
        ("[1,2]", "[2,1]", false), (@"\{1,2\}", "(1,2)", false), ("(1,2)", @"\{1,2\}", false), ("(1,2)", "[1,2]", false), ("(1,2,3)", "(1,2)", false));

    [Theory]
    [MemberData(nameof(SetsAndTuples))]
    public void Sets_and_tuples(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Intervals => EquivalenceFamily.Cases(
        ("(0,1]", "(0,1]", true), ("[0,1]", @"\left[0, 1\right]", true), (@"(-\infty,0)\cup(1,\infty)", @"(1,\infty)\cup(-\infty,0)", true),
        (@"(-\infty,0)\cup(1,\infty)", @"(-\infty, 0) \cup (1, \infty)", true), (@"(-\infty, 2)", "x < 2", true), (@"[2, \infty)", @"x \ge 2", true),
        (@"(-1, 2]", @"-1 < x \le 2", true), (@"(-\infty,\infty)", @"\mathbb{R}", true), (@"[0, \infty)", @"[0, \infty]", true), (@"[2, 5)", @"x \in [2, 5)", true),
        ("(0,1]", "[0,1]", false), ("[0,1)", "[0,1]", false), ("(0,1)", "[0,1)", false), (@"(0, \infty)", @"[0, \infty)", false),
        (@"(-\infty,0)\cup(1,\infty)", @"(-\infty,0]\cup(1,\infty)", false), (@"(-\infty,0)\cup(1,\infty)", @"(-\infty,1)\cup(0,\infty)", false),
        (@"(-\infty, 2]", "x < 2", false), (@"(-1, 2]", @"-1 \le x \le 2", false), (@"(-\infty,0)\cup(1,\infty)", @"(-\infty,0)", false));

    [Theory]
    [MemberData(nameof(Intervals))]
    public void Intervals_and_unions(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
