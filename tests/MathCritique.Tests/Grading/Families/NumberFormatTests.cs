using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Numbers as people write them: thousands separators (comma, space, LaTeX spacing), leading-dot decimals.</summary>
public class NumberFormatTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Thousands => EquivalenceFamily.Cases(
        ("1000", "1,000", true), ("1,000", "1000", true), ("1234567", "1,234,567", true), ("1000", "1,00", false), ("1000", "10,000", false),
        ("1000", "1 000", true), ("10000", "10 000", true), ("1000000", "1 000 000", true), ("12345", "12 345", true), ("-1000", "-1 000", true),
        ("1000.5", "1 000.5", true), ("1000", "1\u00A0000", true), ("1000", "1\u2009000", true), ("1000", @"\$1 000", true),
        ("1000", @"1 000 \text{ cm}", true), (@"\text{1 000}", "1000", true), ("x = 1 000", "1000", true), ("(1 000, 2)", "(1000, 2)", true),
        ("1000", @"1\,000", true), ("1000", @"1{,}000", true), ("10000", @"10\ 000", true), ("10000", @"10,\!000", true),
        ("1000", "1 00", false), ("10000", "1 0000", false), ("12", "1 2", false), ("100", "1 000", false), ("1000", "10 00", false),
        ("1000", @"1\,0000", false), ("1000000", "1 000 0000", false), ("2.5", "2 1/2", true), ("1000", "1 000 001", false));

    [Theory]
    [MemberData(nameof(Thousands))]
    public void Thousands_separators(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> LeadingDot => EquivalenceFamily.Cases(
        ("0.4", ".4", true), (".4", "0.4", true), ("-0.4", "-.4", true), ("0.4", ".04", false), ("0.4", "4", false), (@"\frac{2}{5}", ".4", true));

    [Theory]
    [MemberData(nameof(LeadingDot))]
    public void Leading_dot_decimals(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    [Theory]
    [InlineData("1 000", "1000")]
    [InlineData(@"12\,345", "12345")]
    [InlineData("-1 000.5", "-2001/2")]
    public void Space_grouped_numbers_have_the_plain_number_key(string answer, string key)
    {
        Assert.True(Grader.TryCanonicalize(answer, out var actual));
        Assert.Equal(key, actual);
    }
}
