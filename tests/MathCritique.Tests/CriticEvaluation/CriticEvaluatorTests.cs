using MathCritique.CriticEvaluation;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.CriticEvaluation;

public class CriticEvaluatorTests
{
    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");

    private static CriticJudgement J(bool correct, int? trueStep, bool saysWrong, int? predicted, bool? refined, bool parseFailed = false, bool? baseline = null) =>
        new("p", 1, correct, trueStep, "", parseFailed, saysWrong, predicted, refined, baseline);

    [Fact]
    public void Metrics_follow_their_definitions()
    {
        var metrics = CriticMetrics.From([
            J(false, 2, true, 2, true, baseline: false),   // wrong, caught, located, fixed
            J(false, 3, true, 1, false, baseline: true),   // wrong, caught, mislocated, not fixed
            J(false, 1, false, null, false, baseline: false), // wrong, missed
            J(true, null, false, null, true),              // right, accepted, stays right
            J(true, null, true, 1, false, parseFailed: false), // right, rejected (false alarm), broken
        ]);
        Assert.Equal(5, metrics.Solutions);
        Assert.Equal(3, metrics.WrongSolutions);
        Assert.Equal(3.0 / 5, metrics.VerdictAccuracy, 12);
        Assert.Equal(2.0 / 3, metrics.WrongPrecision, 12);
        Assert.Equal(2.0 / 3, metrics.WrongRecall, 12);
        Assert.Equal(1.0 / 3, metrics.LocalizationAccuracy, 12);
        Assert.Equal(1.0 / 3, metrics.FixRate, 12);
        Assert.Equal(1.0 / 2, metrics.BreakRate, 12);
        Assert.Equal(1.0 / 3, metrics.BaselineFixRate, 12);
        Assert.Equal(0, metrics.ParseFailureRate);
    }

    [Fact]
    public async Task The_evaluator_parses_critiques_and_closes_the_loop_with_the_actor()
    {
        var problems = new[] { new Problem("a", "2 + 2", "4"), new Problem("b", "3 + 3", "6") };
        var solutions = new[]
        {
            new LabeledSolution(problems[0], "2 + 2 = 5\nThe answer is 5.", false, 1),
            new LabeledSolution(problems[1], "3 + 3 = 6\nThe answer is 6.", true, null),
        };
        var critic = new ScriptedSampler("critic", (prompt, _) => prompt.Contains("= 5", StringComparison.Ordinal)
            ? CritiqueFormatter.Format(new Critique([new StepVerdict(1, "2 + 2 = 5", Verdict.Wrong, "2 + 2 = 4, not 5.")], Verdict.Wrong, ""))
            : "garbage the parser cannot read");
        // The actor fixes the solution only when told what the right sum is.
        var actor = new ScriptedSampler("actor", (prompt, _) => prompt.Contains("2 + 2 = 4, not 5.", StringComparison.Ordinal) ? "The answer is 4."
            : prompt.StartsWith("REFINE|3 + 3", StringComparison.Ordinal) ? "The answer is 6." : "The answer is 5.");
        var judgements = await new CriticEvaluator(critic, actor, Prompts, new MathGrader(), new CriticEvalOptions()).EvaluateAsync(solutions);

        Assert.True(judgements[0].SaysWrong);
        Assert.Equal(1, judgements[0].PredictedFirstWrongStep);
        Assert.True(judgements[0].RefinedCorrect);
        Assert.False(judgements[0].BaselineRefinedCorrect);
        Assert.True(judgements[1].ParseFailed);
        Assert.False(judgements[1].SaysWrong);
        var metrics = CriticMetrics.From(judgements);
        Assert.Equal(1, metrics.VerdictAccuracy);
        Assert.Equal(1, metrics.FixRate);
        Assert.Equal(0, metrics.BaselineFixRate);
        Assert.Equal(0.5, metrics.ParseFailureRate);
    }

    [Fact]
    public async Task Resumed_refinements_keep_the_steps_the_critique_accepts_and_the_baseline_starts_over()
    {
        var problem = new Problem("a", "2 + 2, plus 5", "9");
        var solutions = new[] { new LabeledSolution(problem, "2 + 2 = 4\n4 + 5 = 8\nThe answer is 8.", false, 2) };
        var critic = new ScriptedSampler("critic", (string _, ulong _) => CritiqueFormatter.Format(new Critique(
            [new StepVerdict(1, "2 + 2 = 4", Verdict.Correct, ""), new StepVerdict(2, "4 + 5 = 8", Verdict.Wrong, "")], Verdict.Wrong, "")));
        // Only a refinement that already has the right first step finishes right.
        var actor = new ScriptedSampler("actor", (SamplingRequest request, ulong _) =>
            request.AssistantPrefix == "2 + 2 = 4\n" ? "4 + 5 = 9\nThe answer is 9." : "2 + 2 = 5\nThe answer is 10.");
        var options = new CriticEvalOptions { Refine = RefineMode.Resume, ActorSampling = new() { Temperature = 0.8f, MaxTokens = 64 } };
        var judgement = Assert.Single(await new CriticEvaluator(critic, actor, Prompts, new MathGrader(), options).EvaluateAsync(solutions));

        Assert.True(judgement.RefinedCorrect);
        Assert.False(judgement.BaselineRefinedCorrect);
        var baseline = Assert.Single(actor.Requests, r => r.Messages[^1].Text.EndsWith(options.BaselineFeedback, StringComparison.Ordinal));
        Assert.Null(baseline.AssistantPrefix);
    }
}
