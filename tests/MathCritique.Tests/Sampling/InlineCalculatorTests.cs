using MathCritique.Sampling;

namespace MathCritique.Tests.Sampling;

public class InlineCalculatorTests
{
    [Theory]
    [InlineData("Check: 4: 17 vs 4 no, 4 vs 4 yes given; 17 * 4 makes ", "68 ")]
    [InlineData("146 - 140 makes ", "6 ")]
    [InlineData("12 - 20 makes ", "-8 ")]
    [InlineData("93 / 3 makes ", "31 ")]
    [InlineData("7 / 2 makes ", "3.5 ")]
    [InlineData("1.5 + 2.25 makes ", "3.75 ")]
    [InlineData("6 × 7 makes ", "42 ")]
    public void Writes_the_value_and_a_space_that_closes_it_after_an_expression_and_the_trigger(string completion, string expected) =>
        Assert.Equal(expected, new InlineCalculator().TextAfter(completion));

    [Theory]
    [InlineData("17 * 4 makes")] // not yet: the value follows the space
    [InlineData("17 * 4 makes 68")] // already written
    [InlineData("17 * 4 makes 68 ")] // already written, with the space that closes it: not written twice
    [InlineData("17 * 4 makes 68 vs 68 same; ")]
    [InlineData("makes ")]
    [InlineData("seventeen * 4 makes ")]
    [InlineData("10 / 3 makes ")] // not an exact decimal
    [InlineData("5 / 0 makes ")]
    [InlineData("999999999999999 * 999999999999999 * 999999999999999 makes ")] // only a op b, and this one overflows anyway
    [InlineData("1234567890123456789 + 1 makes ")] // longer than the pattern takes: not read as its last digits
    public void Writes_nothing_where_there_is_no_exact_value_to_write(string completion) =>
        Assert.Null(new InlineCalculator().TextAfter(completion));

    [Fact]
    public void Takes_another_trigger_and_writes_nothing_after_a_number_longer_than_its_tail()
    {
        var calculator = new InlineCalculator("=");
        Assert.Equal("24 ", calculator.TextAfter("She has 48 / 2 = "));
        // The tail it reads starts inside the number: not read as the number's last digits.
        Assert.Null(calculator.TextAfter(new string('9', 200_000) + " * 2 = "));
        Assert.Throws<ArgumentException>(() => new InlineCalculator(" "));
    }
}
