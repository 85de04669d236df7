using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary><c>\pm</c> stands for both branches, in any order and any bracket that means a set; one branch is not enough.</summary>
public class PlusMinusTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Branches => EquivalenceFamily.Cases(
        (@"1 \pm \sqrt2", @"\{1+\sqrt2, 1-\sqrt2\}", true), (@"1 \pm \sqrt2", @"\{1-\sqrt2, 1+\sqrt2\}", true), (@"1 \pm \sqrt2", @"1-\sqrt2, 1+\sqrt2", true),
        (@"\{1+\sqrt2, 1-\sqrt2\}", @"1 \pm \sqrt2", true), (@"1 \pm \sqrt2", @"x = 1 \pm \sqrt2", true), (@"1 \pm \sqrt2", @"1 \mp \sqrt2", true),
        ("±2", @"2, -2", true), (@"\frac{-1 \pm \sqrt5}{2}", @"\frac{-1-\sqrt5}{2}, \frac{-1+\sqrt5}{2}", true),
        (@"1 \pm \sqrt2", @"1+\sqrt2", false), (@"1 \pm \sqrt2", @"1-\sqrt2", false), (@"1 \pm \sqrt2", @"\{1+\sqrt2\}", false), (@"1+\sqrt2", @"1 \pm \sqrt2", false),
        (@"1 \pm \sqrt2", @"\{1+\sqrt2, 1-\sqrt3\}", false), (@"1 \pm \sqrt2", @"1+\sqrt2, 1-\sqrt2, 1", false), (@"1 \pm \sqrt2", @"\{1+\sqrt2, 1+\sqrt2\}", false));

    [Theory]
    [MemberData(nameof(Branches))]
    public void Both_branches(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
