using MathCritique.Critiques;

namespace MathCritique.Tests.Critiques;

public class CritiqueParserTests
{
    private const string PaperExample = """
        Step sentence: Mia has 23 apples and buys 3 bags of 14: 3 * 14 = 42
        Correctness of the step: Correct
        Explanation: 3 bags of 14 apples are 42 apples.

        Step sentence: 23 + 42 = 64
        Correctness of the step: Wrong
        Explanation: 23 + 42 is 65, not 64.

        Correctness of the final answer: Wrong
        Explanation: The final answer follows from the wrong sum.
        """;

    [Fact]
    public void Keeps_a_check_line_with_the_step_it_follows()
    {
        var parsed = CritiqueParser.Parse("""
            Step sentence: She gets 3 * 14 = 44 apples.
            **Check:** 3 given, 14 given, 3 * 14 = 42 not 44.
            Correctness of the step: Wrong
            Explanation: 3 * 14 is 42, not 44.

            Step sentence: The answer is 44.
            Correctness of the step: Wrong
            Check: 44 last.

            Correctness of the final answer: Wrong
            Explanation: Step 1 slips.
            Check: stray
            """);
        Assert.Equal(["3 given, 14 given, 3 * 14 = 42 not 44.", "44 last."], parsed.Critique.Steps.Select(s => s.Check));
        Assert.Equal("3 * 14 is 42, not 44.", parsed.Critique.Steps[0].Explanation);
        Assert.Equal(1, parsed.Critique.FirstWrongStep);
        Assert.Equal("Step 1 slips.", parsed.Critique.FinalExplanation);
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(12, issue.Line);
    }

    [Fact]
    public void Parses_the_paper_format()
    {
        var result = CritiqueParser.Parse(PaperExample);
        Assert.Empty(result.Issues);
        var critique = result.Critique;
        Assert.Equal(2, critique.Steps.Count);
        Assert.Equal("23 + 42 = 64", critique.Steps[1].StepText);
        Assert.Equal(Verdict.Correct, critique.Steps[0].Verdict);
        Assert.Equal(Verdict.Wrong, critique.Steps[1].Verdict);
        Assert.Equal("23 + 42 is 65, not 64.", critique.Steps[1].Explanation);
        Assert.Equal(Verdict.Wrong, critique.FinalAnswer);
        Assert.Equal(2, critique.FirstWrongStep);
        Assert.True(critique.RejectsSolution);
    }

    [Fact]
    public void Accepts_incorrect_bold_labels_missing_explanations_and_extra_blank_lines()
    {
        const string text = """
            **Step sentence:** 2 + 2 = 4
            **Correctness of the step:** **Correct**


            - Step sentence: 4 * 3 = 11
            - Correctness of the step: Incorrect.
            - Explanation: 4 * 3 = 12
              and the rest follows from it.



            **Correctness of the final answer**: Incorrect
            """;
        var result = CritiqueParser.Parse(text);
        Assert.Empty(result.Issues);
        var critique = result.Critique;
        Assert.Equal(2, critique.Steps.Count);
        Assert.Equal("", critique.Steps[0].Explanation);
        Assert.Equal(Verdict.Wrong, critique.Steps[1].Verdict);
        Assert.Equal("4 * 3 = 12 and the rest follows from it.", critique.Steps[1].Explanation);
        Assert.Equal(Verdict.Wrong, critique.FinalAnswer);
        Assert.Equal(2, critique.FirstWrongStep);
    }

    [Fact]
    public void Reports_unreadable_parts_instead_of_throwing()
    {
        var result = CritiqueParser.Parse("I think the solution is fine overall.\nCorrectness of the step: maybe\n");
        Assert.Contains(result.Issues, i => i.Line == 1 && i.Message.Contains("unrecognised", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Line == 2 && i.Message.Contains("unreadable verdict", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Message.Contains("final answer", StringComparison.Ordinal));
        Assert.Equal(Verdict.Unknown, result.Critique.FinalAnswer);
        Assert.False(result.Critique.RejectsSolution);
    }

    [Fact]
    public void Empty_text_is_an_empty_critique()
    {
        var result = CritiqueParser.Parse("");
        Assert.True(result.IsEmpty);
        Assert.Null(result.Critique.FirstWrongStep);
    }

    [Fact]
    public void Missing_final_verdict_falls_back_to_step_verdicts()
    {
        var result = CritiqueParser.Parse("Step sentence: 1 + 1 = 3\nCorrectness of the step: Wrong\nExplanation: 1 + 1 = 2");
        Assert.True(result.Critique.RejectsSolution);
        Assert.Equal(1, result.Critique.FirstWrongStep);
    }

    [Theory]
    [InlineData("Correct", Verdict.Correct)]
    [InlineData("correct.", Verdict.Correct)]
    [InlineData("**Wrong**", Verdict.Wrong)]
    [InlineData("Incorrect", Verdict.Wrong)]
    [InlineData("incorrect - the sum is off", Verdict.Wrong)]
    [InlineData("Not correct", Verdict.Wrong)]
    [InlineData("unclear", Verdict.Unknown)]
    public void Reads_verdict_words(string word, Verdict expected) => Assert.Equal(expected, CritiqueParser.ParseVerdict(word));
}
