using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.SelfTalk;

namespace MathCritique.Tests.SelfTalk;

public class SelfTalkFormatTests
{
    private static TraceStep[] Steps(string solution) => SelfTalkRecords.TraceSteps(solution);

    [Fact]
    public void A_written_trace_parses_back_to_its_attempts_flags_and_final_solution()
    {
        var first = Steps(SelfTalkRecords.WrongAtStep2);
        var second = Steps("He gets 2 * 7 = 14 beads.\nHe has 10 - 14 = -4 beads.\nThe answer is -4.");
        var source = new SelfTalkSource(
            [new WrongAttempt(first, 2, "17 is not given.\nIt should be 10 + 14."), new WrongAttempt(second, 2, "It gains beads, so it adds.")],
            Steps(SelfTalkRecords.Right));
        var text = new SelfTalkWriter(new SelfTalkWriterOptions { ConfirmationRate = 1 }).Write(source, seed: 7);

        Assert.Equal("""
            He gets 2 * 7 = 14 beads.
            Let me check step 1: step 1 checks out. Step 1 is right.
            He has 17 + 14 = 31 beads.
            Let me check step 2: 17 is not given. It should be 10 + 14. Step 2 is wrong.
            Let me correct it from step 2.
            He has 10 - 14 = -4 beads.
            Let me check step 2: It gains beads, so it adds. Step 2 is wrong.
            Let me correct it from step 2.
            He has 10 + 14 = 24 beads.
            Let me check step 2: step 2 checks out. Step 2 is right.
            The answer is 24.
            Let me check step 3: step 3 checks out. Step 3 is right.
            """.ReplaceLineEndings("\n"), text);
        var trace = SelfTalkParser.Parse(text);
        Assert.True(trace.IsWellFormed, string.Join("; ", trace.Issues));
        Assert.True(SelfTalkKeepRule.ReadsBack(trace, source));
        Assert.Equal(3, trace.Attempts.Count);
        Assert.Equal(["He gets 2 * 7 = 14 beads.", "He has 17 + 14 = 31 beads."], trace.Attempts[0].Steps);
        Assert.Equal(["He gets 2 * 7 = 14 beads.", "He has 10 - 14 = -4 beads."], trace.Attempts[1].Steps);
        Assert.Equal([2, 2, null], trace.Attempts.Select(a => a.RetractedFromStep));
        Assert.Equal([1, 2, 2], trace.Attempts.Select(a => a.FromStep));
        Assert.Equal(SelfTalkRecords.Right, trace.FinalAnswerText);
        Assert.Equal([2, 2], trace.Flags.Select(f => f.Step));
        Assert.Equal("17 is not given. It should be 10 + 14.", trace.Flags[0].Explanation);
        Assert.Equal([1, 2, 3], trace.Checks.Where(c => c.Verdict == Verdict.Correct).Select(c => c.Step));
    }

    [Fact]
    public void Confirmations_follow_the_rate_and_the_seed_and_skip_steps_without_an_explanation()
    {
        var steps = Enumerable.Range(1, 200).Select(i => new TraceStep($"She has {i} + 1 = {i + 1} apples.", i % 2 == 0 ? "ok." : "")).ToArray();
        var writer = new SelfTalkWriter(new SelfTalkWriterOptions { ConfirmationRate = 0.5 });
        var text = writer.Write(new SelfTalkSource([], steps), seed: 3);
        var checks = SelfTalkParser.Parse(text).Checks;
        Assert.InRange(checks.Count, 30, 70);
        Assert.All(checks, c => Assert.Equal(0, c.Step % 2));
        Assert.Equal(text, writer.Write(new SelfTalkSource([], steps), seed: 3));
        Assert.NotEqual(text, writer.Write(new SelfTalkSource([], steps), seed: 4));
        Assert.Empty(SelfTalkParser.Parse(new SelfTalkWriter(new SelfTalkWriterOptions { ConfirmationRate = 0 }).Write(new SelfTalkSource([], steps), 3)).Checks);
    }

    [Fact]
    public void Grading_reads_the_final_answer_after_a_correction_not_the_retracted_one()
    {
        // The retracted attempt states an answer; the correction ends on the right number without "The answer is".
        const string text = """
            He gets 2 * 7 = 14 beads.
            He has 17 + 14 = 31 beads.
            The answer is 31.
            Let me check step 2: 17 is not given. Step 2 is wrong.
            Let me correct it from step 2.
            He has 10 + 14 = 24 beads.
            """;
        var grader = new MathGrader();
        var trace = SelfTalkParser.Parse(text);
        Assert.Equal("He gets 2 * 7 = 14 beads.\nHe has 10 + 14 = 24 beads.", trace.FinalAnswerText);
        Assert.True(grader.Grade("24", trace.FinalAnswerText).Correct);
        Assert.False(grader.Grade("24", text).Correct); // the whole trace would be graded on the retracted "The answer is 31."
        Assert.Equal("He gets 2 * 7 = 14 beads.\nHe has 17 + 14 = 31 beads.\nThe answer is 31.", trace.Retracted.Single().Text);
    }

    [Theory]
    [InlineData("", "no steps")]
    [InlineData("Let me check step 1: fine. Step 1 is right.", "before any step")]
    [InlineData("She has 3 apples.\nLet me check step 1: hmm, not sure.", "no verdict")]
    [InlineData("She has 3 apples.\nLet me correct it from step 1.\nShe has 4 apples.", "without a wrong check")]
    [InlineData("She has 3 apples.\nLet me check step 4: no. Step 4 is wrong.\nShe has 4 apples.", "after 1 steps")]
    [InlineData("She has 3 apples.\nLet me check step 1: no. Step 1 is wrong.\nLet me correct it from step 1.", "nothing written after the correction")]
    [InlineData("She has 3 apples.\nLet me check step 1: no. Step 2 is wrong.\nShe has 4 apples.", "gives its verdict on step 2")]
    public void Malformed_output_is_reported_with_its_line_never_thrown(string text, string issue)
    {
        var trace = SelfTalkParser.Parse(text);
        Assert.False(trace.IsWellFormed);
        Assert.Contains(trace.Issues, i => i.Message.Contains(issue, StringComparison.Ordinal) && i.Line >= 1);
    }

    [Fact]
    public void Variants_a_model_may_write_are_read()
    {
        const string text = """
            - **He gets 2 * 7 = 14 beads.**
            **Wait, let me recheck step 1**: 2 * 7 is 14, so this step is correct.
            He has 17 + 14 = 31 beads.
            * Wait! Let me check step 2 - 17 was never given, it is incorrect.
            Let me redo it.
            He has 10 + 14 = 24 beads.
            The answer is 24.
            """;
        var trace = SelfTalkParser.Parse(text);
        Assert.True(trace.IsWellFormed, string.Join("; ", trace.Issues));
        Assert.Equal([(1, Verdict.Correct), (2, Verdict.Wrong)], trace.Checks.Select(c => (c.Step, c.Verdict)));
        Assert.Equal("17 was never given,", trace.Checks[1].Explanation);
        Assert.Equal("17 was never given.", SelfTalkParser.Parse("He has 17 + 14 = 31 beads.\nLet me check step 1: Step 1 is wrong. 17 was never given.").Checks.Single().Explanation);
        Assert.Equal(3, trace.FinalSteps.Count);
        Assert.True(new MathGrader().Grade("24", trace.FinalAnswerText).Correct);
    }

    [Fact]
    public void A_trace_without_checks_is_one_attempt()
    {
        var trace = SelfTalkParser.Parse(SelfTalkRecords.Right);
        Assert.True(trace.IsWellFormed);
        Assert.Equal(SelfTalkRecords.Right, trace.FinalAnswerText);
        Assert.Empty(trace.Retracted);
        Assert.Empty(trace.Checks);
    }

    [Fact]
    public void A_source_whose_attempts_do_not_continue_each_other_is_refused()
    {
        var writer = new SelfTalkWriter(new SelfTalkWriterOptions());
        // The solution changes step 1, which the flag on step 2 kept.
        var source = new SelfTalkSource([new WrongAttempt(Steps(SelfTalkRecords.WrongAtStep2), 2, "no.")], Steps(SelfTalkRecords.WrongAtStep1));
        Assert.Throws<ArgumentException>(() => writer.Write(source, 1));
        Assert.Throws<ArgumentException>(() => writer.Write(new SelfTalkSource([new WrongAttempt(Steps(SelfTalkRecords.WrongAtStep2), 4, "no.")], Steps(SelfTalkRecords.Right)), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelfTalkWriter(new SelfTalkWriterOptions { ConfirmationRate = 1.5 }).Write(new SelfTalkSource([], Steps(SelfTalkRecords.Right)), 1));
    }
}
