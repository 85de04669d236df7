using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class CanonicalKeyTests
{
    private static readonly MathGrader Grader = new();

    [Theory]
    [InlineData("1000", "1000")]
    [InlineData("1,000", "1000")]
    [InlineData("1000.00", "1000")]
    [InlineData("-0", "0")]
    [InlineData("0.5", "1/2")]
    [InlineData(@"\frac{1}{2}", "1/2")]
    [InlineData(@"\frac{2}{4}", "1/2")]
    [InlineData(@"\frac12", "1/2")]
    [InlineData(@"\$0.50", "1/2")]
    [InlineData("x = 2/4", "1/2")]
    [InlineData(@"-\frac{3}{6}", "-1/2")]
    [InlineData(@"2\frac{1}{2}", "5/2")]
    [InlineData("2^{10}", "1024")]
    [InlineData(@"2\cdot 3", "6")]
    [InlineData("5 apples", "5")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void Rational_answers_get_an_exact_key(string answer, string key)
    {
        Assert.True(Grader.TryCanonicalize(answer, out var actual), answer);
        Assert.Equal(key, actual);
    }

    [Theory]
    [InlineData(@"\sqrt{2}")]
    [InlineData("x+1")]
    [InlineData("1, 2")]
    [InlineData(@"10\%")]
    [InlineData(@"\pi")]
    [InlineData("(1,2)")]
    [InlineData("1/0")]
    [InlineData("9^9^9^9")]
    [InlineData("(")]
    public void Other_answers_have_no_key(string answer) => Assert.False(Grader.TryCanonicalize(answer, out _), answer);

    [Fact]
    public void Equal_keys_imply_equivalence()
    {
        var answers = new[] { "0.5", @"\frac{1}{2}", @"\frac{2}{4}", "1/2", @"\$0.50", "x=0.5", "2", "2.0", "4/2", @"\frac{6}{3}", "-0.5" };
        foreach (var a in answers)
        {
            foreach (var b in answers)
            {
                if (Grader.TryCanonicalize(a, out var ka) && Grader.TryCanonicalize(b, out var kb) && ka == kb)
                    Assert.True(Grader.AreEquivalent(a, b), $"{a} and {b} share key {ka} but are not equivalent");
            }
        }
    }
}
