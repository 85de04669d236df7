using MathCritique.Grading;
using MathCritique.Sampling;
using MathCritique.SelfImprovement;

namespace MathCritique.Lab.Tests;

public sealed class LabSelfImprovementTests
{
    private static readonly LabSelfImprovementSet Set = new("1-5", 6, "1-5", 4, SeedPerLevel: 6);

    private static Completion Written(string text) => new(0, text, 10, text.Length, FinishReason.EndOfSequence);

    [Fact]
    public void The_step_checker_rejects_a_right_answer_reached_by_wrong_steps_that_the_grader_alone_keeps()
    {
        var problem = LabFixtures.Mia;
        var steps = problem.Steps;
        // A slip in step 1, carried on, and back to the right answer in the last step.
        var wrongSteps = string.Join('\n',
            steps.Select((s, i) => i == 0 ? s.Sentence.Replace($"= {s.Result}", $"= {s.Result + 1}", StringComparison.Ordinal) : s.Sentence)
                 .Append(LabProblem.AnswerLine(problem.Answer)));
        Assert.NotEqual(problem.ReferenceSolution, wrongSteps);

        var checkedSteps = new SolutionVerifier(new MathGrader(), new LabStepChecker());
        var answersOnly = new SolutionVerifier(new MathGrader());
        var right = checkedSteps.Verify(problem.ToProblem(), Written(problem.ReferenceSolution));
        var slipped = checkedSteps.Verify(problem.ToProblem(), Written(wrongSteps));
        Assert.True(right.Verified);
        Assert.True(slipped.AnswerCorrect);
        Assert.False(slipped.Verified);
        Assert.True(slipped.RightAnswerWrongSteps);
        Assert.True(answersOnly.Verify(problem.ToProblem(), Written(wrongSteps)).Verified);
        // A wrong answer is not sent to the checker: its steps are unknown, not wrong.
        Assert.Null(checkedSteps.Verify(problem.ToProblem(), Written("The answer is 1.")).StepsCorrect);
    }

    [Fact]
    public void Training_and_held_out_problems_come_from_different_splits_and_seed_examples_are_other_problems()
    {
        var train = Set.Train();
        var heldOut = Set.HeldOut();
        Assert.Equal(30, train.Count);
        Assert.Equal(20, heldOut.Count);
        Assert.All(train, p => Assert.Equal("train", p.Metadata[LabProblem.SplitKey]));
        Assert.All(heldOut, p => Assert.Equal("test", p.Metadata[LabProblem.SplitKey]));
        var seed = Set.SeedExamples(LabPrompts.Create());
        Assert.InRange(seed.Count, 1, 30);
        var trainPrompts = train.Select(p => LabPrompts.Create().BuildSolve(p.Question)).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(seed, e => trainPrompts.Contains(e.Prompt));
        Assert.All(seed, e => Assert.EndsWith(".", e.Completion, StringComparison.Ordinal));
        Assert.Empty((Set with { SeedPerLevel = 0 }).SeedExamples(LabPrompts.Create()));
    }

    [Fact]
    public void A_dev_held_out_set_is_dev_split_problems_and_is_another_run()
    {
        var dev = Set with { EvalSplit = LabSplit.Dev };
        var heldOut = dev.HeldOut();
        Assert.Equal(20, heldOut.Count);
        Assert.All(heldOut, p => Assert.Equal("dev", p.Metadata[LabProblem.SplitKey]));
        Assert.All(heldOut, p => Assert.Matches(@"^lab-L\d-dev-\d+$", p.Id));
        Assert.Contains("dev split levels", dev.Describe(), StringComparison.Ordinal);
        Assert.Equal(3, new[] { Set.Describe(), dev.Describe(), (Set with { EvalSplit = LabSplit.Train }).Describe() }.Distinct().Count());
    }

    [Fact]
    public void A_development_held_out_set_is_train_split_problems_that_are_neither_trained_on_nor_seed_examples()
    {
        var dev = Set with { EvalSplit = LabSplit.Train };
        var heldOut = dev.HeldOut();
        Assert.InRange(heldOut.Count, 10, 20);
        Assert.All(heldOut, p => Assert.Equal("train", p.Metadata[LabProblem.SplitKey]));
        var prompts = LabPrompts.Create();
        var used = dev.Train().Select(p => p.Question).Concat(dev.SeedExamples(prompts).Select(e => e.Prompt)).ToArray();
        Assert.DoesNotContain(heldOut, p => used.Any(u => u.Contains(p.Question, StringComparison.Ordinal)));
        Assert.Equal(heldOut.Count, heldOut.Select(p => p.Id).Distinct().Count());
        Assert.DoesNotContain(heldOut, p => dev.Train().Any(t => t.Id == p.Id));
        Assert.NotEqual(Set.Describe(), dev.Describe());
    }
}
