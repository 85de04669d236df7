using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData(@"so $x = \boxed{\frac{1}{2}}$.", @"\frac{1}{2}", ExtractionMethod.Boxed)]
    [InlineData(@"first \boxed{1} then \boxed{\{1, {2}\}}", @"\{1, {2}\}", ExtractionMethod.Boxed)]
    [InlineData(@"\fbox{7}", "7", ExtractionMethod.Boxed)]
    [InlineData(@"The answer is $\boxed{5}$.", "5", ExtractionMethod.Boxed)]
    [InlineData(@"so it is \boxed 5", "5", ExtractionMethod.Boxed)]
    [InlineData(@"so it is \boxed 5.", "5", ExtractionMethod.Boxed)]
    [InlineData(@"\boxed{3} and later an empty \boxed{}", "3", ExtractionMethod.Boxed)]
    [InlineData(@"\boxed{\begin{pmatrix} 1 \\ 2 \end{pmatrix}}", @"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", ExtractionMethod.Boxed)]
    [InlineData("3 + 4 = 7\nThe answer is 7.", "7", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 5.\nWait.\nThe answer is 6.", "6", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 3.5.", "3.5", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 3.", "3", ExtractionMethod.TheAnswerIs)]
    [InlineData("The final answer is $3.5$.", "3.5", ExtractionMethod.TheAnswerIs)]
    [InlineData("Final Answer: The final answer is $28 \\%$. I hope it is correct.", "28 \\%", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is: 12 apples.", "12 apples", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is **42**.", "42", ExtractionMethod.TheAnswerIs)]
    [InlineData(@"The answer is \(\frac{1}{2}\).", @"\frac{1}{2}", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 12, which is the number of eggs.", "12", ExtractionMethod.TheAnswerIs)]
    [InlineData("So the answer is 1, 2 and 3.", "1, 2 and 3", ExtractionMethod.TheAnswerIs)]
    [InlineData("the answer is\n$$\\frac{3}{4}$$", @"\frac{3}{4}", ExtractionMethod.TheAnswerIs)]
    [InlineData("THE ANSWER IS 9", "9", ExtractionMethod.TheAnswerIs)]
    [InlineData("48+24 = 72\n#### 72", "72", ExtractionMethod.Gsm8kHashes)]
    [InlineData("#### $1,000", "1,000", ExtractionMethod.Gsm8kHashes)]
    [InlineData("Q: what?\nA: 12 dollars", "12 dollars", ExtractionMethod.AnswerColon)]
    [InlineData("Work...\n**Answer:** 7", "7", ExtractionMethod.AnswerColon)]
    [InlineData("Work...\nFinal answer: 2/3", "2/3", ExtractionMethod.AnswerColon)]
    [InlineData("base $10$ was not needed.\n\n# Answer\n\n40_9", "40_9", ExtractionMethod.AnswerColon)]
    [InlineData("So the area is 1.\n\n**Final Answer**\n$\\frac{1}{9}$", @"\frac{1}{9}", ExtractionMethod.AnswerColon)]
    [InlineData("We get $x=2$.\nAnswer:\n\n  7 apples", "7 apples", ExtractionMethod.AnswerColon)]
    [InlineData("That is,\n\n# Answer\n\n2 * 5! * 5!", "2 * 5! * 5!", ExtractionMethod.AnswerColon)]
    [InlineData("She saves 35 cents.\n\n# Answer\n\nHillary has 7 nickels.", "7", ExtractionMethod.AnswerColon)]
    [InlineData("Answer: the triangle is equilateral", "the triangle is equilateral", ExtractionMethod.AnswerColon)]
    [InlineData("Answer: \\text{Navin has 3}", "\\text{Navin has 3}", ExtractionMethod.AnswerColon)]
    [InlineData("Answer: x = 5", "x = 5", ExtractionMethod.AnswerColon)]
    [InlineData("The answer is 5!", "5", ExtractionMethod.TheAnswerIs)]
    [InlineData("The answer is 3! + 4!.", "3! + 4!", ExtractionMethod.TheAnswerIs)]
    [InlineData("Choose one:\nA\nB has 5", "5", ExtractionMethod.LastNumber)]
    [InlineData(@"\frac{1}{3}", @"\frac{1}{3}", ExtractionMethod.WholeExpression)]
    [InlineData(@"\dfrac{1}{3} \text{meters}", @"\dfrac{1}{3} \text{meters}", ExtractionMethod.WholeExpression)]
    [InlineData(@"\sqrt3", @"\sqrt3", ExtractionMethod.WholeExpression)]
    [InlineData(".4", ".4", ExtractionMethod.WholeExpression)]
    [InlineData(@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", @"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", ExtractionMethod.WholeExpression)]
    [InlineData("it is .4", ".4", ExtractionMethod.LastNumber)]
    [InlineData("the end.4", "4", ExtractionMethod.LastNumber)]
    [InlineData(@"so we get \frac{1}{3}", "3", ExtractionMethod.LastNumber)]
    [InlineData("She has 1,000 apples and 12 pears left", "12", ExtractionMethod.LastNumber)]
    [InlineData("costs 1,250", "1,250", ExtractionMethod.LastNumber)]
    [InlineData("it costs -5 dollars", "-5", ExtractionMethod.LastNumber)]
    [InlineData("the ratio is 2/3.", "2/3", ExtractionMethod.LastNumber)]
    [InlineData("the list 1,2,3", "3", ExtractionMethod.LastNumber)]
    [InlineData("from 2023-2024", "2024", ExtractionMethod.LastNumber)]
    [InlineData("about 3.75 liters.", "3.75", ExtractionMethod.LastNumber)]
    public void Finds_the_final_answer(string text, string expected, ExtractionMethod method) =>
        AssertExtracts(AnswerExtractor.Default, text, expected, method);

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
        var phraseFirst = new AnswerExtractor([ExtractionMethod.TheAnswerIs, ExtractionMethod.Boxed]);
        Assert.Equal("4", phraseFirst.Extract(@"\boxed{3} The answer is 4")!.Answer);
        Assert.Throws<ArgumentException>(() => new AnswerExtractor([]));
    }

    [Fact]
    public void Rules_are_parsed_from_their_names_in_priority_order()
    {
        var extractor = AnswerExtractor.Parse(" answer_is, #### ,last_number");
        Assert.Equal([ExtractionMethod.TheAnswerIs, ExtractionMethod.Gsm8kHashes, ExtractionMethod.LastNumber], extractor.Order);
        Assert.Equal("answer_is,hashes,last_number", extractor.ToString());
        Assert.Equal(AnswerExtractor.Default.Order, AnswerExtractor.Parse(AnswerExtractor.Default.ToString()).Order);
        Assert.StartsWith("unknown extraction rule \"lastnumber\" (known: boxed, answer_is,", Assert.Throws<FormatException>(() => AnswerExtractor.Parse("boxed,lastnumber")).Message, StringComparison.Ordinal);
        Assert.Equal("extraction rule \"Boxed\" is named twice", Assert.Throws<FormatException>(() => AnswerExtractor.Parse("boxed,Boxed")).Message);
        Assert.Throws<FormatException>(() => AnswerExtractor.Parse(" , "));
    }

    [Theory]
    [InlineData("The answer is 18", "18", ExtractionMethod.TheAnswerIs)]
    [InlineData("16 - 3 = 13\n#### 18", "18", ExtractionMethod.Gsm8kHashes)]
    [InlineData("16 - 3 = 13\nA: 18", "18", ExtractionMethod.AnswerColon)]
    [InlineData(@"so it is $\boxed{18}$.", "18", ExtractionMethod.Boxed)]
    [InlineData(@"\text{Evelyn}", @"\text{Evelyn}", ExtractionMethod.WholeText)]
    [InlineData("1/3", "1/3", ExtractionMethod.WholeText)]
    public void Gold_extraction_accepts_bare_answers_and_whole_solutions(string text, string expected, ExtractionMethod method) =>
        AssertExtracts(AnswerExtractor.Gold, text, expected, method);

    private static void AssertExtracts(AnswerExtractor extractor, string text, string expected, ExtractionMethod method)
    {
        var extracted = extractor.Extract(text);
        Assert.NotNull(extracted);
        Assert.Equal(expected, extracted.Answer);
        Assert.Equal(method, extracted.Method);
    }

    [Fact]
    public void Unclosed_box_does_not_throw() => Assert.Equal("9", AnswerExtractor.Default.Extract(@"\boxed{\frac{1}{2 ... 9")!.Answer);
}
