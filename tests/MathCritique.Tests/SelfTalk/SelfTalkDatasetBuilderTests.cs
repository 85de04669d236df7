using MathCritique.Collection;
using MathCritique.Grading;
using MathCritique.SelfTalk;
using static MathCritique.Tests.SelfTalk.SelfTalkRecords;

namespace MathCritique.Tests.SelfTalk;

public class SelfTalkDatasetBuilderTests
{
    private static SelfTalkDataset Build(params CritiqueRecord[] records) =>
        new SelfTalkDatasetBuilder(new MathGrader(), null, new SelfTalkDatasetOptions { Writer = new() { ConfirmationRate = 0.5 } }).Build(records);

    [Fact]
    public void Every_built_trace_parses_back_to_its_source_steps_flag_and_final_answer()
    {
        var dataset = Build(
            Record("rg1/0", Right, correct: true, flag: null),
            Record("rg1/1", WrongAtStep2, correct: false, flag: 2),
            Record("rg1/2", WrongAtStep1, correct: false, flag: 1),
            Record("rg3/0", WrongAtStep2, correct: false, flag: 2, ConstructionMethod.Rg3InsertedMistake, errorStep: 2));

        Assert.Equal(["beads/rg1/0", "beads/rg1/1", "beads/rg1/2"], dataset.Traces.Select(t => t.Id));
        Assert.Equal(SelfTalkDropReason.Duplicate, dataset.Dropped.Single(d => d.Id == "beads/rg3/0").Reason);
        var grader = new MathGrader();
        foreach (var (example, wrong, flag) in dataset.Traces.Zip([(string?)null, WrongAtStep2, WrongAtStep1], [(int?)null, 2, 1]))
        {
            var trace = SelfTalkParser.Parse(example.Text);
            Assert.True(trace.IsWellFormed, string.Join("; ", trace.Issues));
            Assert.Equal(Right, trace.FinalAnswerText);
            Assert.Equal(Right, example.FinalSolution);
            Assert.True(grader.Grade(Beads.ReferenceAnswer, trace.FinalAnswerText).Correct);
            Assert.Equal(flag is null ? [] : [flag.Value], trace.Flags.Select(f => f.Step));
            Assert.Equal(example.FlaggedSteps, trace.Flags.Select(f => f.Step));
            if (wrong is not null)
            {
                // The retracted attempt is the wrong solution up to and including its flagged step.
                Assert.Equal(wrong.Split('\n').Take(flag!.Value), trace.Retracted.Single().Steps);
                Assert.Equal("step " + flag + " does not follow.", trace.Flags.Single().Explanation);
                Assert.Equal(["beads/" + example.Id.Split('/', 2)[1], "beads/rg1/0"], example.Sources);
            }
        }
        Assert.Equal([Right], dataset.RightSolutions["beads"]);
    }

    [Fact]
    public void A_flag_that_is_not_the_known_first_error_is_dropped()
    {
        // RG3 inserted the mistake at step 1, but the critique flags step 2.
        var dataset = Build(
            Record("rg1/0", Right, correct: true, flag: null),
            Record("rg3/0", WrongAtStep1, correct: false, flag: 2, ConstructionMethod.Rg3InsertedMistake, errorStep: 1));
        Assert.Equal(SelfTalkDropReason.FlagNotFirstError, dataset.Dropped.Single().Reason);
        Assert.Single(dataset.Traces);
    }

    [Fact]
    public void A_correction_whose_answer_is_wrong_is_dropped()
    {
        var rule = new SelfTalkKeepRule(new MathGrader());
        var attempt = new WrongAttempt(Lines(WrongAtStep2), 2, "17 is not given.");
        var wrongCorrection = new SelfTalkSource([attempt], Lines("He gets 2 * 7 = 14 beads.\nHe has 10 + 14 = 25 beads.\nThe answer is 25."));
        var writer = new SelfTalkWriter(new SelfTalkWriterOptions());
        Assert.Equal(SelfTalkDropReason.FinalAnswerWrong, rule.Check(Beads, wrongCorrection, writer.Write(wrongCorrection, 1)));

        var rightCorrection = wrongCorrection with { Solution = Lines(Right) };
        Assert.Null(rule.Check(Beads, rightCorrection, writer.Write(rightCorrection, 1)));
        // The same right correction, flagged where the error is known not to be.
        var misflagged = rightCorrection with { WrongAttempts = [attempt with { KnownFirstError = 1 }] };
        Assert.Equal(SelfTalkDropReason.FlagNotFirstError, rule.Check(Beads, misflagged, writer.Write(misflagged, 1)));
        // A text that is not the source's trace.
        Assert.Equal(SelfTalkDropReason.DoesNotParseBack, rule.Check(Beads, rightCorrection, Right));
    }

    [Fact]
    public void Without_a_right_solution_sharing_the_earlier_steps_there_is_no_correction()
    {
        // The only right solution words step 1 differently; without a labeler it cannot continue the wrong one's step 1.
        var dataset = Build(
            Record("rg1/0", "He gets 7 * 2 = 14 beads.\nHe has 10 + 14 = 24 beads.\nThe answer is 24.", correct: true, flag: null),
            Record("rg1/1", WrongAtStep2, correct: false, flag: 2),
            Record("rg1/2", WrongAtStep1, correct: false, flag: null));
        Assert.Equal(SelfTalkDropReason.NoCorrection, dataset.Dropped.Single(d => d.Id == "beads/rg1/1").Reason);
        Assert.Equal(SelfTalkDropReason.NoFlag, dataset.Dropped.Single(d => d.Id == "beads/rg1/2").Reason);
    }

    [Fact]
    public void A_right_solution_its_critique_rejects_gives_no_confirmations()
    {
        var rejected = Record("rg1/0", Right, correct: true, flag: 2);
        Assert.Equal(SelfTalkDropReason.CritiqueRejectsRightSolution, Build(rejected).Dropped.Single().Reason);
        Assert.Equal(SelfTalkDropReason.UnreadableCritique, Build(rejected with { StepVerdicts = [] }).Dropped.Single().Reason);
    }

    [Fact]
    public void Hard_problems_may_hold_several_wrong_attempts_with_distinct_answers()
    {
        var problem = Beads with { Level = 4 };
        var records = new[]
        {
            Record("rg1/0", Right, correct: true, flag: null, problem: problem),
            Record("rg1/1", WrongAtStep2, correct: false, flag: 2, problem: problem),
            Record("rg1/2", "He gets 2 * 7 = 14 beads.\nHe has 10 - 14 = -4 beads.\nThe answer is -4.", correct: false, flag: 2, problem: problem),
        };
        var options = new SelfTalkDatasetOptions { MaxWrongAttempts = 2, SeveralAttemptsFromLevel = 4 };
        var dataset = new SelfTalkDatasetBuilder(new MathGrader(), null, options).Build(records);
        var first = dataset.Traces.Single(t => t.Id == "problem/rg1/1".Replace("problem", problem.Id, StringComparison.Ordinal));
        Assert.Equal([2, 2], first.FlaggedSteps);
        var trace = SelfTalkParser.Parse(first.Text);
        Assert.Equal(3, trace.Attempts.Count);
        Assert.Equal(Right, trace.FinalAnswerText);
        Assert.Equal(["beads/rg1/1", "beads/rg1/2", "beads/rg1/0"], first.Sources);

        // Below the level, one wrong attempt only.
        var easy = new SelfTalkDatasetBuilder(new MathGrader(), null, options with { SeveralAttemptsFromLevel = 5 }).Build(records);
        Assert.All(easy.Traces, t => Assert.True(t.FlaggedSteps.Count <= 1));
    }

    private static TraceStep[] Lines(string solution) => solution.Split('\n').Select(s => new TraceStep(s)).ToArray();
}
