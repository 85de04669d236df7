using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class EquivalenceTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (family, gold, pred, equal) in EquivalenceCases.All())
            data.Add(family, gold, pred, equal);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_equivalence(string family, string gold, string pred, bool expected)
    {
        var result = Grader.CompareAnswers(gold, pred);
        Assert.True(expected == result.Correct, $"{family}: gold [{gold}] vs prediction [{pred}]: expected {expected}, got {result.Correct} ({result.Reason})");
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(expected, Grader.AreEquivalent(gold, pred));
    }

    [Fact]
    public void Every_family_has_positive_and_negative_cases()
    {
        foreach (var (name, table) in EquivalenceCases.Families())
        {
            Assert.Contains(table, c => c.Equal);
            if (name is not (nameof(EquivalenceCases.Delimiters) or nameof(EquivalenceCases.LeftRight) or nameof(EquivalenceCases.Degrees)))
                Assert.Contains(table, c => !c.Equal);
        }
    }

    [Theory]
    [InlineData("5", "5", "equal numbers")]
    [InlineData("5", "6", "different numbers")]
    [InlineData(@"\frac{1}{2}", "0.5", "equal numbers")]
    [InlineData("x^2+2x+1", "(x+1)^2", "algebraically equal")]
    [InlineData("x^2", "2x", "different expressions")]
    [InlineData(@"\{1,2\}", @"\{2,1\}", "equal sets")]
    [InlineData("(1,2)", "[1,2]", "different brackets")]
    [InlineData("(0,1]", "[0,1]", "different intervals")]
    [InlineData("5", "(", "unparseable: prediction")]
    [InlineData("(", "5", "unparseable: gold")]
    [InlineData("0.33", @"\frac13", "equal at the gold's precision")]
    [InlineData("(1,2,3)", "(1,2)", "different number of items")]
    [InlineData(@"x \geq 5", @"5 \leq x", "equivalent inequalities")]
    public void Reason_says_which_equivalence_held_or_why_not(string gold, string pred, string reasonStart)
    {
        var result = Grader.CompareAnswers(gold, pred);
        Assert.StartsWith(reasonStart, result.Reason, StringComparison.Ordinal);
    }
}
