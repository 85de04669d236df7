using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.SelfTalk;
using MathCritique.Solutions;

namespace MathCritique.Lab.Tests;

/// <summary>Self-talk traces checked by the exact lab checker: flags on the true first error, corrected steps right.</summary>
public class SelfTalkLabTests
{
    private static readonly LabStepChecker Checker = new();

    /// <summary>A record whose critique flags <paramref name="flag"/> (each step before it judged right).</summary>
    private static CritiqueRecord Record(Problem problem, string id, string solution, int? flag)
    {
        var steps = StepSegmenter.Split(solution);
        return new CritiqueRecord
        {
            Id = $"{problem.Id}/{id}",
            ProblemId = problem.Id,
            Question = problem.Question,
            ReferenceAnswer = problem.ReferenceAnswer,
            Level = problem.Level,
            Method = ConstructionMethod.Rg3InsertedMistake,
            Solution = solution,
            SolutionCorrect = new MathGrader().Grade(problem.ReferenceAnswer, solution).Correct,
            Annotator = "test",
            Critique = "",
            FinalVerdict = flag is null ? Verdict.Correct : Verdict.Wrong,
            FirstWrongStep = flag,
            StepVerdicts = steps.TakeWhile(s => flag is null || s.Index <= flag)
                .Select(s => new StoredStepVerdict(s.Index, s.Text, s.Index == flag ? Verdict.Wrong : Verdict.Correct, s.Index == flag ? "That is not it." : "It checks out.")).ToArray(),
            Kept = true,
        };
    }

    [Fact]
    public void Kept_traces_flag_the_true_first_error_and_end_on_a_solution_the_checker_accepts()
    {
        var flawed = new LabFlawedSolutions(new LabCorruptor());
        var problems = LabFixtures.Many(perLevel: 3).Where(p => p.Split == LabSplit.Train).ToArray();
        var records = new List<CritiqueRecord>();
        foreach (var lab in problems)
        {
            var problem = lab.ToProblem();
            for (int k = 1; k <= lab.Steps.Count; k++)
            {
                if (flawed.Create(lab, k, LabCorruptor.CalculationError, (ulong)k) is not { } solution || Checker.Label(problem, solution).FirstWrongStep is not { } truth)
                    continue;
                records.Add(Record(problem, $"right-flag/{k}", solution, truth));
                if (truth < StepSegmenter.Split(solution).Count)
                    records.Add(Record(problem, $"late-flag/{k}", solution, truth + 1));
            }
        }
        var byId = problems.Select(p => p.ToProblem()).ToDictionary(p => p.Id);
        var dataset = new SelfTalkDatasetBuilder(new MathGrader(), Checker, new SelfTalkDatasetOptions { Writer = new() { ConfirmationRate = 0.5 } }).Build(records, byId);

        var late = dataset.Dropped.Where(d => d.Id.Contains("/late-flag/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(records.Count(r => r.Id.Contains("/late-flag/", StringComparison.Ordinal)), late.Length);
        Assert.NotEmpty(late);
        Assert.All(late, d => Assert.Equal(SelfTalkDropReason.FlagNotFirstError, d.Reason));
        Assert.DoesNotContain(dataset.Traces, t => t.Id.Contains("/late-flag/", StringComparison.Ordinal));
        // Each wrong solution is corrected from the problem's reference solution (there is no right record).
        Assert.Equal(records.Count(r => r.Id.Contains("/right-flag/", StringComparison.Ordinal)), dataset.Traces.Count + dataset.Dropped.Count(d => d.Reason == SelfTalkDropReason.Duplicate));
        Assert.NotEmpty(dataset.Traces);
        foreach (var example in dataset.Traces)
        {
            var problem = byId[example.ProblemId];
            var trace = SelfTalkParser.Parse(example.Text);
            Assert.True(trace.IsWellFormed);
            var retracted = trace.Retracted.Single();
            var source = records.Single(r => r.Id == example.Id);
            Assert.Equal(StepSegmenter.Split(source.Solution).Take(retracted.RetractedFromStep!.Value).Select(s => s.Text), retracted.Steps);
            Assert.Equal(Checker.Label(problem, source.Solution).FirstWrongStep, trace.Flags.Single().Step);
            Assert.True(Checker.Label(problem, trace.FinalAnswerText).Correct, trace.FinalAnswerText);
            Assert.Equal(example.FinalSolution, trace.FinalAnswerText);
        }
    }

    [Fact]
    public void A_correction_with_a_wrong_step_is_dropped_even_when_its_answer_is_right()
    {
        var problem = LabFixtures.Mia.ToProblem();
        var rule = new SelfTalkKeepRule(new MathGrader(), Checker);
        var writer = new SelfTalkWriter(new SelfTalkWriterOptions());
        var attempt = new WrongAttempt(Steps("She gets 3 * 14 = 43 apples.\nShe has 23 + 43 = 66 apples.\nShe has 66 - 17 = 49 apples left.\nThe answer is 49."), 1, "3 * 14 is 42.");
        // Step 2 of the correction is wrong (66), step 3 goes on from the right 65: the answer is right by luck.
        var lucky = new SelfTalkSource([attempt], Steps("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 66 apples.\nShe has 65 - 17 = 48 apples left.\nThe answer is 48."));
        Assert.True(new MathGrader().Grade(problem.ReferenceAnswer, StepSegmenter.Join(lucky.FinalSteps)).Correct);
        Assert.Equal(SelfTalkDropReason.SolutionStepsWrong, rule.Check(problem, lucky, writer.Write(lucky, 1)));

        var right = lucky with { Solution = Steps(LabFixtures.Mia.ReferenceSolution) };
        Assert.Null(rule.Check(problem, right, writer.Write(right, 1)));
        // The checker refutes a flag on a later step even where how the solution was made says nothing.
        var late = right with { WrongAttempts = [attempt with { FirstWrongStep = 2 }], Solution = Steps("She gets 3 * 14 = 43 apples.\n" + string.Join('\n', LabFixtures.Mia.ReferenceSolution.Split('\n').Skip(1))) };
        Assert.Equal(SelfTalkDropReason.FlagNotFirstError, rule.Check(problem, late, writer.Write(late, 1)));
    }

    private static TraceStep[] Steps(string solution) => solution.Split('\n').Select(s => new TraceStep(s)).ToArray();
}
