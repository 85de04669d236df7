using MathCritique.SelfTalk;
using MathCritique.Training;

namespace MathCritique.Tests.SelfTalk;

public class RetractedStepsTests
{
    private static TraceStep[] Steps(string solution) => SelfTalkRecords.TraceSteps(solution);

    private static string[] SpanTexts(string trace) => RetractedSteps.Spans(trace).Select(s => trace.Substring(s.Start, s.Length)).ToArray();

    [Fact]
    public void The_spans_of_a_written_trace_cover_exactly_the_retracted_step_lines_of_each_attempt()
    {
        var first = Steps(SelfTalkRecords.WrongAtStep2);
        var second = Steps("He gets 2 * 7 = 14 beads.\nHe has 10 - 14 = -4 beads.\nThe answer is -4.");
        var source = new SelfTalkSource(
            [new WrongAttempt(first, 2, "17 is not given."), new WrongAttempt(second, 2, "It gains beads, so it adds.")],
            Steps(SelfTalkRecords.Right));
        var text = new SelfTalkWriter(new SelfTalkWriterOptions { ConfirmationRate = 1 }).Write(source, seed: 7);

        // Not step 1 (right, kept), not its confirmation, not the checks that flag, not the correction lines.
        Assert.Equal(["He has 17 + 14 = 31 beads.", "He has 10 - 14 = -4 beads."], SpanTexts(text));
        Assert.Equal([3, 6], SelfTalkParser.Parse(text).RetractedStepLines);
        var masked = new SftExample("q", text) { Unscored = RetractedSteps.Spans(text) };
        var scored = string.Concat(masked.CompletionPieces().Where(p => p.Scored).Select(p => p.Text));
        Assert.Contains("Let me check step 2: 17 is not given. Step 2 is wrong.\nLet me correct it from step 2.", scored, StringComparison.Ordinal);
        Assert.Contains(SelfTalkRecords.Right.Split('\n')[1], scored, StringComparison.Ordinal);
        Assert.DoesNotContain("31", scored, StringComparison.Ordinal);
        Assert.Equal(text, string.Concat(masked.CompletionPieces().Select(p => p.Text)));
    }

    [Fact]
    public void Steps_written_after_the_flagged_one_are_retracted_too_and_a_trace_without_flags_has_no_spans()
    {
        const string text = "He gets 2 * 7 = 14 beads.\r\nHe has 17 + 14 = 31 beads.\r\nThe answer is 31.\r\n"
            + "Let me check step 2: 17 is not given. Step 2 is wrong.\nLet me correct it from step 2.\nHe has 10 + 14 = 24 beads.\nThe answer is 24.";
        // The line without its line break ("\r" is the line's own, as the parser reads it).
        Assert.Equal(["He has 17 + 14 = 31 beads.\r", "The answer is 31.\r"], SpanTexts(text));
        Assert.Empty(RetractedSteps.Spans(SelfTalkRecords.Right));
        Assert.Empty(RetractedSteps.Spans("He gets 2 * 7 = 14 beads.\nLet me check step 1: 2 * 7 = 14. Step 1 is right.\nThe answer is 14."));
    }

    [Fact]
    public void Unscored_spans_must_lie_inside_the_completion_in_order_without_overlap_and_count_in_equality()
    {
        var example = new SftExample("q", "abcdef") { Unscored = [new(0, 2), new(4, 2)] };
        Assert.Equal([("ab", false), ("cd", true), ("ef", false)], example.CompletionPieces());
        Assert.Equal([("abcdef", true)], new SftExample("q", "abcdef").CompletionPieces());
        Assert.Equal([("", true)], new SftExample("q", "").CompletionPieces());
        Assert.NotEqual(new SftExample("q", "abcdef"), example);
        Assert.Equal(new SftExample("q", "abcdef") { Unscored = [new(0, 2), new(4, 2)] }, example);

        Assert.Throws<ArgumentException>(() => new SftExample("q", "abcdef") { Unscored = [new(4, 3)] });
        Assert.Throws<ArgumentException>(() => new SftExample("q", "abcdef") { Unscored = [new(2, 2), new(3, 1)] });
        Assert.Throws<ArgumentException>(() => new SftExample("q", "abcdef") { Unscored = [new(4, 1), new(1, 1)] });
        Assert.Throws<ArgumentException>(() => new SftExample("q", "abcdef") { Unscored = [new(1, 0)] });
        Assert.Throws<ArgumentException>(() => new SftExample("q", "abcdef") { Unscored = [new(-1, 2)] });
        // Spans made for another completion are refused where the pieces are cut.
        Assert.Throws<ArgumentException>(() => (example with { Completion = "abc" }).CompletionPieces());
    }

    [Fact]
    public void Trained_tokens_leave_out_the_unscored_spans()
    {
        var counter = new Utf8ByteTokenCounter();
        var example = new SftExample("q", "é + 1\nwrong\nright") { Unscored = [new(6, 5)] };
        Assert.Equal(counter.Count(example.Completion) - 5, counter.CountTrained(example));
        Assert.Equal(counter.Count(example.Completion), counter.CountTrained(example with { Unscored = [] }));
    }
}
