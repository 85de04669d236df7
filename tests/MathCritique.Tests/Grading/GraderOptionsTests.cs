using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class GraderOptionsTests
{
    [Theory]
    [InlineData(PercentPolicy.Lenient, @"10\%", "10", true)]
    [InlineData(PercentPolicy.Lenient, @"10\%", "0.1", true)]
    [InlineData(PercentPolicy.DropSign, @"10\%", "10", true)]
    [InlineData(PercentPolicy.DropSign, @"10\%", "0.1", false)]
    [InlineData(PercentPolicy.AsFraction, @"10\%", "10", false)]
    [InlineData(PercentPolicy.AsFraction, @"10\%", "0.1", true)]
    [InlineData(PercentPolicy.AsFraction, "0.1", @"10\%", true)]
    [InlineData(PercentPolicy.DropSign, "10", @"10\%", true)]
    [InlineData(PercentPolicy.AsFraction, @"10\%", @"10\%", true)]
    public void Percent_policy_decides_how_a_percentage_matches(PercentPolicy policy, string gold, string pred, bool expected)
    {
        var grader = new MathGrader(new GraderOptions { Percent = policy });
        Assert.Equal(expected, grader.AreEquivalent(gold, pred));
    }

    [Theory]
    [InlineData(1e-6, "3.1415", "3.14159265", false)]
    [InlineData(1e-3, "3.1415", "3.14159265", true)]
    [InlineData(1e-2, "100", "101", false)] // integers are exact whatever the tolerance
    [InlineData(1e-2, "100.5", "101", true)]
    [InlineData(0, @"\sqrt{8}", @"2\sqrt{2}", true)] // a zero tolerance still forgives rounding of the last bit
    [InlineData(1e-4, @"\frac{1}{3}", "0.33333", true)]
    [InlineData(1e-6, @"\frac{1}{3}", "0.33333", false)]
    public void Relative_tolerance_is_configurable(double tolerance, string gold, string pred, bool expected)
    {
        var grader = new MathGrader(new GraderOptions { RelativeTolerance = tolerance });
        Assert.Equal(expected, grader.AreEquivalent(gold, pred));
    }

    [Fact]
    public void Gold_precision_matching_can_be_switched_off()
    {
        Assert.True(new MathGrader().AreEquivalent("0.33", @"\frac{1}{3}"));
        Assert.False(new MathGrader(new GraderOptions { MatchGoldPrecision = false }).AreEquivalent("0.33", @"\frac{1}{3}"));
    }

    [Theory]
    [InlineData(-1e-3)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Invalid_tolerance_is_rejected(double tolerance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MathGrader(new GraderOptions { RelativeTolerance = tolerance }));

    [Fact]
    public void Answers_longer_than_the_limit_are_unparseable()
    {
        var grader = new MathGrader(new GraderOptions { MaxAnswerLength = 10 });
        var result = grader.CompareAnswers("5", "5 + 0 + 0 + 0 + 0");
        Assert.False(result.Correct);
        Assert.StartsWith("unparseable: predicted answer too long", result.Reason, StringComparison.Ordinal);
    }
}
