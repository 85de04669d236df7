using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Percentages, units and currency after a value, and <c>\text{}</c>-like wrappers around an answer.</summary>
public class UnitAndWrapperTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Percentages => EquivalenceFamily.Cases(
        (@"10\%", "10", true), (@"10\%", "0.1", true), (@"10\%", @"\frac{1}{10}", true), (@"10\%", @"10 \text{ percent}", true), (@"10\%", "10%", true),
        (@"12.5\%", "0.125", true), (@"10\%", @"1\%", false), (@"10\%", "100", false), (@"10\%", "11", false), (@"12.5\%", "12.6", false));

    [Theory]
    [MemberData(nameof(Percentages))]
    public void Percentages_as_numbers(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Units => EquivalenceFamily.Cases(
        ("5", @"5 \text{ cm}", true), ("5", @"5\mbox{cm}", true), ("5", @"5\mathrm{cm}", true), ("5", @"5\,\text{cm}", true), ("5", @"5~\text{cm}", true),
        ("5", @"5 \text{ m}^2", true), ("5", @"5 \text{ cm}^3", true), ("5", "5 km/h", true), ("5", "5 m/s", true), ("5", @"5 \text{km/h}", true),
        ("5", @"5^\circ", true), ("5", @"5^{\circ}", true), ("5", "5°", true), ("5", @"5^\circ C", true), ("5", @"5^{\circ}\text{C}", true), ("451", "451°F", true),
        ("5", @"\$5", true), ("5", @"\$ 5", true), ("5", "5 dollars", true), ("5", @"5 \text{ dollars}", true), ("5.5", @"5.5 \text{ cm}", true),
        ("5", @"6 \text{ cm}", false), ("5", @"6\mbox{cm}", false), ("5", @"6^\circ", false), ("5", @"\$6", false), ("5", "50 dollars", false),
        ("5.5", @"5.6 \text{ cm}", false), ("5", "6 km/h", false), ("5", @"6^\circ C", false),
        // a/b after a number is a quotient of variables, not a unit; x + C keeps its constant.
        ("5", "5 a/b", false), (@"\frac{x^2}{2} + C", @"\frac{x^2}{2}", false));

    [Theory]
    [MemberData(nameof(Units))]
    public void Units_and_currency(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Wrappers => EquivalenceFamily.Cases(
        ("5", @"\textbf{5}", true), ("5", @"\mathrm{5}", true), ("5", @"\text{5}", true), ("5", @"\mathbf{5}", true), ("5", @"\boxed{5}", true),
        ("x+1", @"\boxed{x+1}", true), ("x+1", @"\mathbf{x+1}", true), (@"\frac{1}{2}", @"\textbf{\frac{1}{2}}", true), (@"\textbf{1,000}", "1000", true),
        (@"\boxed{\frac{\sqrt3}{2}}", @"\frac{\sqrt{3}}{2}", true), (@"\frac{1}{2}", @"\boxed{\frac{1}{3}}", false), ("5", @"\mathbf{6}", false),
        ("5", @"\boxed{6}", false), ("x+1", @"\boxed{x+2}", false), ("5", @"\text{6}", false), ("5", @"\mathrm{50}", false));

    [Theory]
    [MemberData(nameof(Wrappers))]
    public void Wrappers_around_numbers_and_expressions(string gold, string pred, bool expected) =>
        EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
