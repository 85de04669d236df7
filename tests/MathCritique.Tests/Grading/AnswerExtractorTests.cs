using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData(@"so $x = \boxed{\frac{1}{2}}$.", @"\frac{1}{2}", ExtractionMethod.Boxed)]
    [InlineData(@"first \boxed{1} then \boxed{\{1, {2}\}}", @"\{1, {2}\}", ExtractionMethod.Boxed)]
    [InlineData(@"\fbox{7}", "7", ExtractionMethod.Boxed)]
    [InlineData("3 + 4 = 7\nThe answer is 7.", "7", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 5.\nWait.\nThe answer is 6.", "6", ExtractionMethod.TheAnswerIs)]
    [InlineData("The final answer is $3.5$.", "3.5", ExtractionMethod.TheAnswerIs)]
    [InlineData("48+24 = 72\n#### 72", "72", ExtractionMethod.Gsm8kHashes)]
    [InlineData("Q: what?\nA: 12 dollars", "12 dollars", ExtractionMethod.AnswerColon)]
    [InlineData("She has 1,000 apples and 12 pears left", "12", ExtractionMethod.LastNumber)]
    [InlineData("costs 1,250", "1,250", ExtractionMethod.LastNumber)]
    public void Finds_the_final_answer(string text, string expected, ExtractionMethod method)
    {
        var extracted = AnswerExtractor.Default.Extract(text);
        Assert.NotNull(extracted);
        Assert.Equal(expected, extracted.Answer);
        Assert.Equal(method, extracted.Method);
    }

    [Fact]
    public void No_answer_in_text_without_numbers()
    {
        Assert.Null(AnswerExtractor.Default.Extract("I don't know."));
    }

    [Fact]
    public void Methods_are_configurable_per_dataset()
    {
        var gsm8kOnly = new AnswerExtractor([ExtractionMethod.Gsm8kHashes]);
        Assert.Null(gsm8kOnly.Extract(@"\boxed{3}"));
        Assert.Equal("3", gsm8kOnly.Extract("#### 3")!.Answer);
    }

    [Fact]
    public void Unclosed_box_does_not_throw() => Assert.Equal("9", AnswerExtractor.Default.Extract(@"\boxed{\frac{1}{2 ... 9")!.Answer);
}
