using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>
/// A comma between digits is a list separator unless <see cref="GraderOptions.DecimalComma"/> says it is a decimal
/// point; thousands grouping (<c>1,000</c>) wins either way.
/// </summary>
public class DecimalCommaTests
{
    private static readonly MathGrader ListComma = new();
    private static readonly MathGrader DecimalComma = new(new GraderOptions { DecimalComma = true });

    public static TheoryData<string, string, bool> ByDefault => EquivalenceFamily.Cases(
        ("1, 22", "1,22", true), ("22, 1", "1,22", true), ("1.22", "1,22", false), (@"\frac{61}{50}", "1,22", false),
        ("1000.99", "1000,99", false), ("3.5", "3,5", false), ("1000", "1,000", true), ("3.5", @"3{,}5", true));

    [Theory]
    [MemberData(nameof(ByDefault))]
    public void By_default_a_comma_separates_answers(string gold, string pred, bool expected) =>
        EquivalenceFamily.Decides(ListComma, gold, pred, expected);

    public static TheoryData<string, string, bool> WhenAsked => EquivalenceFamily.Cases(
        ("1.22", "1,22", true), (@"\frac{61}{50}", "1,22", true), ("1000.99", "1000,99", true), ("3.5", "3,5", true), ("0.5", "0,5", true),
        ("-2.75", "-2,75", true), ("x = 1,5", "1.5", true), ("1.5", @"1,5 \text{ cm}", true), ("1234.5", "1 234,5", true), ("1.5e3", "1,5e3", true),
        (@"\pi", "3,14159265", true), ("3.5", "3,6", false), ("1.22", "1,23", false),
        // Thousands first: 1,000 is one thousand, not 1.000.
        ("1000", "1,000", true), ("1", "1,000", false), ("1234567", "1,234,567", true),
        // Still lists: a space after the comma, brackets, more than one comma.
        ("1, 22", "1,22", false), ("3.5", "3, 5", false), ("3, 5", "3, 5", true), ("(1,5)", "(1, 5)", true), ("1.5", "(1,5)", false),
        ("1,5,7", "7, 5, 1", true), ("1.5", "1,5,7", false), (@"\{1,5\}", @"\{5, 1\}", true));

    [Theory]
    [MemberData(nameof(WhenAsked))]
    public void When_asked_a_lone_comma_is_a_decimal_point(string gold, string pred, bool expected) =>
        EquivalenceFamily.Decides(DecimalComma, gold, pred, expected);

    [Fact]
    public void The_canonical_key_follows_the_switch()
    {
        Assert.False(ListComma.TryCanonicalize("1,5", out _));
        Assert.True(DecimalComma.TryCanonicalize("1,5", out var key));
        Assert.Equal("3/2", key);
        Assert.True(DecimalComma.TryCanonicalize("1,000", out key));
        Assert.Equal("1000", key);
    }

    [Theory]
    [InlineData("The rod is 1,22 m long.", true)]
    [InlineData("The rod is 1,000 m long, so 1,22", true)]
    [InlineData("In total 1,000 rods.", false)]
    public void The_last_number_of_a_solution_takes_a_decimal_comma_only_when_asked(string prediction, bool decimalCommaTakesIt)
    {
        Assert.Equal(decimalCommaTakesIt, DecimalComma.Grade("1.22", prediction).Correct);
        Assert.False(ListComma.Grade("1.22", prediction).Correct);
    }
}
