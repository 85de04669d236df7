using MathCritique.Grading;
using MathCritique.Sampling;
using MathCritique.SelfTalk;

namespace MathCritique.Lab.Tests;

/// <summary>
/// <c>selftalk eval</c>'s reading of handwritten self-talk outputs, judged by the exact lab checker: flag precision,
/// first-error hits, fixes, breaks and edit distances, each worked out by hand.
/// </summary>
public class SelfTalkEvalLabTests
{
    // Mia: 3 * 14 = 42; 23 + 42 = 65; 65 - 17 = 48.
    private static readonly MathCritique.Problems.Problem Mia = LabFixtures.Mia.ToProblem();

    // Step 2 wrong, flagged, corrected: a justified flag on the first error, fixed; the replaced step differs in one character.
    private const string Fixed = """
        She gets 3 * 14 = 42 apples.
        She has 23 + 42 = 64 apples.
        Let me check step 2: 23 + 42 is 65, not 64. Step 2 is wrong.
        Let me correct it from step 2.
        She has 23 + 42 = 65 apples.
        She has 65 - 17 = 48 apples left.
        The answer is 48.
        """;

    // Step 1 wrong, step 2 flagged and copied: justified (the attempt is wrong before it) but not the first error; a copy.
    private const string LateCopy = """
        She gets 3 * 14 = 43 apples.
        She has 23 + 43 = 66 apples.
        Let me check step 2: I am not sure. Step 2 is wrong.
        Let me correct it from step 2.
        She has 23 + 43 = 66 apples.
        She has 66 - 17 = 49 apples left.
        The answer is 49.
        """;

    // A right step 1 flagged and "corrected" into a wrong one: a break.
    private const string Broken = """
        She gets 3 * 14 = 42 apples.
        Let me check step 1: Step 1 is wrong.
        Let me correct it from step 1.
        She gets 3 * 14 = 44 apples.
        She has 23 + 44 = 67 apples.
        She has 67 - 17 = 50 apples left.
        The answer is 50.
        """;

    // A right step 1 flagged and written again the same: an unjustified flag, no break, a copy, and a right final answer.
    private const string Harmless = """
        She gets 3 * 14 = 42 apples.
        Let me check step 1: Step 1 is wrong.
        Let me correct it from step 1.
        She gets 3 * 14 = 42 apples.
        She has 23 + 42 = 65 apples.
        She has 65 - 17 = 48 apples left.
        The answer is 48.
        """;

    private static SelfTalkOutputAnalysis Analyze(string text) => SelfTalkOutputAnalysis.Analyze(Mia, text.ReplaceLineEndings("\n"), new MathGrader(), new LabStepChecker());

    [Fact]
    public void Each_flag_is_judged_against_the_exact_checker()
    {
        var fix = Analyze(Fixed);
        Assert.True(fix.Correct);
        Assert.Equal(new SelfTalkFlagOutcome(2, 1, Justified: true, FirstError: true, Broke: false, EditDistance: 1, NormalizedEditDistance: 1.0 / 28), Assert.Single(fix.Flags));
        Assert.True(fix.Fixed);
        Assert.False(fix.Broken);

        var late = Analyze(LateCopy);
        Assert.False(late.Correct);
        Assert.Equal(new SelfTalkFlagOutcome(2, 1, Justified: true, FirstError: false, Broke: false, EditDistance: 0, NormalizedEditDistance: 0), Assert.Single(late.Flags));
        Assert.False(late.Fixed);

        var broken = Analyze(Broken);
        Assert.False(broken.Correct);
        Assert.Equal(new SelfTalkFlagOutcome(1, 1, Justified: false, FirstError: false, Broke: true, EditDistance: 1, NormalizedEditDistance: 1.0 / 28), Assert.Single(broken.Flags));
        Assert.True(broken.Broken);

        var harmless = Analyze(Harmless);
        Assert.True(harmless.Correct);
        Assert.Equal(new SelfTalkFlagOutcome(1, 1, Justified: false, FirstError: false, Broke: false, EditDistance: 0, NormalizedEditDistance: 0), Assert.Single(harmless.Flags));

        // A plain solution reads as one attempt without flags, graded as it is.
        var plain = Analyze(LabFixtures.Mia.ReferenceSolution);
        Assert.True(plain.Correct);
        Assert.Empty(plain.Flags);
        Assert.False(plain.Fixed);
    }

    [Fact]
    public void The_summary_rates_are_those_worked_out_by_hand()
    {
        var records = new[] { Fixed, LateCopy, Broken, Harmless }.Select((text, i) =>
        {
            SelfTalkActorOutput Output(string t) => new(t, t.Length, FinishReason.EndOfSequence, Analyze(t));
            return new SelfTalkEvalRecord($"p{i}", 3, Mia.ReferenceAnswer, Output(text), Output(i % 2 == 0 ? LabFixtures.Mia.ReferenceSolution : "The answer is 1."));
        }).ToArray();
        var all = SelfTalkEvalSummary.Build(records).Overall;

        Assert.Equal(0.5, all.SelfTalkAccuracy.Mean); // Fixed and Harmless end right
        Assert.Equal(0.5, all.PlainCotAccuracy.Mean);
        Assert.Equal((1, 1), (all.Better, all.Worse)); // Harmless beats "The answer is 1."; Broken loses to the reference
        Assert.Equal(1.0, all.FlagRate);
        Assert.Equal(4, all.Flags);
        Assert.Equal(0.5, all.FlagPrecision); // Fixed, LateCopy
        Assert.Equal(0.25, all.FirstErrorRate); // Fixed
        Assert.Equal(0.5, all.FixRate); // Fixed, Harmless
        Assert.Equal(0.25, all.BreakRate); // Broken
        Assert.Equal(0.5, all.MeanEditDistance);
        Assert.Equal(0.5, all.CopyRate); // LateCopy, Harmless
    }
}
