using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>
/// Relations: <c>x = 5</c> states the value 5 (on either side, always: no option switches it off), inequalities read
/// in either direction and spelling, equations with their sides swapped or rearranged; a different relation is a
/// different answer.
/// </summary>
public class RelationTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Values => EquivalenceFamily.Cases(
        ("5", "x = 5", true), ("x = 5", "5", true), ("5", "5 = x", true), (@"\frac{1}{2}", @"k = \frac{1}{2}", true), ("x = 5", "y = 5", true),
        ("5", "x = 6", false), ("x = 5", "6", false), ("x = 5", "x = 6", false), ("5", @"x \le 5", false), (@"x < 5", "5", false));

    [Theory]
    [MemberData(nameof(Values))]
    public void An_equation_states_a_value(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Inequalities => EquivalenceFamily.Cases(
        ("a < b", "b > a", true), ("x < 3", "3 > x", true), (@"x \ge 3", @"3 \le x", true), ("a + b < c", "c > a + b", true), ("a < b < c", "c > b > a", true),
        (@"y \le 2x", @"2x \ge y", true), (@"a \le b", @"b \ge a", true), (@"x \ne 5", @"x \neq 5", true),
        (@"x \le 3", @"x \leq 3", true), (@"x \le 3", "x ≤ 3", true), (@"x \leq 3", "x <= 3", true), (@"x \geq 3", @"x \geqslant 3", true), (@"x \ge 3", "x ≥ 3", true),
        ("a < b", "b < a", false), ("x < 3", @"x \le 3", false), (@"x \le 3", "x < 3", false), (@"a \le b", "a < b", false), (@"a \le b", "b > a", false),
        (@"x \ge 3", "x > 3", false), ("a + b < c", "c < a + b", false), ("a < b < c", @"c > b \ge a", false), (@"y \le 2x", @"y \ge 2x", false),
        (@"x \ne 5", "x = 5", false));

    [Theory]
    [MemberData(nameof(Inequalities))]
    public void Inequalities_read_both_ways(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Equations => EquivalenceFamily.Cases(
        ("y = 2x+1", "2x+1 = y", true), ("y = 2x+1", "y = 1+2x", true), ("2x + 1 = y", "y - 2x = 1", true), ("x^2 + y^2 = 1", "1 = y^2 + x^2", true),
        ("a = b", "b = a", true), ("k = 2m", "m = k/2", true), ("x + y = 3", "3 = y + x", true),
        ("y = 2x+1", "2x-1 = y", false), ("y = 2x+1", "y = 2x+2", false), ("x^2 + y^2 = 1", "x^2 + y^2 = 2", false), ("a = b", "a = -b", false),
        ("k = 2m", "m = 2k", false), ("x + y = 3", "x - y = 3", false), ("y = 2x+1", "2x+1", true), ("y = 2x+1", "2x", false));

    [Theory]
    [MemberData(nameof(Equations))]
    public void Equations_with_sides_swapped(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
