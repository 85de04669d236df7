using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

/// <summary>Predictions whose answer sits in a LaTeX math environment inside prose, with no "answer is" or box.</summary>
public sealed class MathEnvironmentTests
{
    [Theory]
    [InlineData("1/3", "Thus the probability is $\\frac{1}{3}$.", true)]
    [InlineData("1/3", "So we get \\[ \\frac{1}{3} \\]", true)]
    [InlineData("1/3", "Hence \\( \\dfrac{1}{3} \\) of them.", true)]
    [InlineData("1/3", "We have $$\\frac{2}{6}$$ so we are done", true)]
    [InlineData("1/3", "It costs $5 and $x=\\frac13$ here", true)] // a price's dollars are not an environment
    [InlineData("7", "It costs $5 and $7 total", true)] // no environment: the last number
    [InlineData("1/3", "Thus the probability is $\\frac{1}{4}$.", false)]
    [InlineData("1/3", "First $\\frac{1}{3}$, then $\\frac{1}{2}$ at the end.", false)] // the last environment wins
    public void The_last_math_environment_holding_an_expression_is_the_answer(string gold, string prediction, bool correct)
    {
        var result = new MathGrader().Grade(gold, prediction);
        Assert.True(correct == result.Correct, $"{prediction}: {result}");
    }

    [Fact]
    public void Environments_of_prose_are_passed_over_and_many_environments_stay_cheap()
    {
        var found = AnswerExtractor.Default.Extract("Let $x$ be the number of apples. Then $x + 3 = 10$ gives $x = 7$.");
        Assert.Equal(new ExtractedAnswer("x = 7", ExtractionMethod.LastMathEnvironment), found);
        Assert.Equal(ExtractionMethod.LastNumber, AnswerExtractor.Default.Extract("We use $\\text{the rule of three}$ to get 12")!.Method);

        string many = string.Concat(Enumerable.Repeat("so $y$ and ", 20_000)) + "the end is 4";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("y", AnswerExtractor.Default.Extract(many)!.Answer);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"{watch.ElapsedMilliseconds} ms");
    }
}
