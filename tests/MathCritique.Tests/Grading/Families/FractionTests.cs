using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>A fraction in every spelling: <c>\frac</c>, <c>\dfrac</c>, <c>\tfrac</c>, <c>\cfrac</c>, <c>\frac12</c>, <c>a/b</c>, <c>\left(\right)</c>.</summary>
public class FractionTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Spellings => EquivalenceFamily.Cases(
        ("1/3", @"\frac{1}{3}", true), ("1/3", @"\dfrac{1}{3}", true), ("1/3", @"\tfrac{1}{3}", true), ("1/3", @"\cfrac{1}{3}", true),
        ("1/3", @"\frac13", true), ("0.5", @"\frac12", true), ("1/3", @"\left( \frac{1}{3} \right)", true), ("1/3", @"\frac{1}{3} \text{meters}", true),
        ("1/3", @"\frac{2}{6}", true), (@"\frac{a}{b}", "a/b", true), (@"\frac{a+1}{b}", "(a+1)/b", true), (@"\frac{1}{\frac{1}{2}}", "2", true),
        (@"\cfrac{1}{1+\cfrac{1}{2}}", @"\frac{2}{3}", true),
        ("1/3", @"\frac31", false), ("1/3", @"\dfrac{1}{4}", false), ("1/3", @"\tfrac{2}{3}", false), ("1/3", @"\cfrac{3}{1}", false),
        ("0.5", @"\frac21", false), (@"\frac{a}{b}", "b/a", false), (@"\frac{a+1}{b}", "a+1/b", false), ("1/3", @"\left( \frac{1}{4} \right)", false),
        (@"\frac{12}{5}", @"\frac125", false));

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Fraction_spellings(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
