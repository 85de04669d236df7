using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

/// <summary><see cref="GradeResult.Why"/>: a false verdict says in a few words why the answers differ.</summary>
public sealed class GradeDifferenceTests
{
    [Theory]
    [InlineData("18", "The answer is 17.", "different numbers: 18 vs 17")]
    [InlineData("18", "I could not solve it.", "pred not extracted")]
    [InlineData(@"\{1,2,3\}", @"\{1,2\}", @"set items differ (a gold member is missing from the prediction): \{1,2,3\} vs \{1,2\}")]
    [InlineData("(1,2,3)", "(1,2)", "sizes differ (3 vs 2): (1,2,3) vs (1,2)")]
    [InlineData(@"\{1,2\}", @"\{1,3\}", @"set items differ (gold item 2 has no match): \{1,2\} vs \{1,3\}")]
    [InlineData("x = 5", @"y \le 6", @"relation differs: x = 5 vs y \le 6")]
    [InlineData("(1,2)", "(1,3)", "items differ (item 2: different numbers): (1,2) vs (1,3)")]
    [InlineData("[1,2)", "(1,2)", "intervals differ (open/closed ends differ): [1,2) vs (1,2)")]
    [InlineData("x^2+1", "x^2+2", "different expressions: x^2+1 vs x^2+2")]
    [InlineData(@"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", @"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "matrix sizes differ (2×2 vs 2×1): ")]
    [InlineData(@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", @"\begin{pmatrix} 1 \\ 3 \end{pmatrix}", "matrix entries differ (entry (2,1): different numbers): ")]
    public void A_false_verdict_says_why(string gold, string prediction, string why) =>
        Assert.StartsWith(why, new MathGrader().Grade(gold, prediction).Why, StringComparison.Ordinal);

    [Fact]
    public void An_equivalent_pair_has_no_why_and_unparseable_keeps_the_parser_s_words()
    {
        var grader = new MathGrader();
        Assert.Null(grader.Grade("1/2", @"\frac12").Why);
        var unparseable = grader.CompareAnswers("5", "9^9^9^9");
        Assert.StartsWith("unparseable", unparseable.Reason, StringComparison.Ordinal);
        Assert.Equal(unparseable.Reason, unparseable.Why);
    }

    [Fact]
    public void A_gold_text_with_no_answer_and_a_long_answer_are_shown_short()
    {
        var grader = new MathGrader(GraderOptions.Default with { GoldExtractor = new AnswerExtractor([ExtractionMethod.Gsm8kHashes]) });
        Assert.Equal("gold not extracted", grader.Grade("18", "18").Why);
        string longSum = string.Join("+", Enumerable.Repeat("1", 40));
        Assert.Equal($"different numbers: 41 vs {longSum[..60]}…", new MathGrader().CompareAnswers("41", longSum).Why);
    }
}
