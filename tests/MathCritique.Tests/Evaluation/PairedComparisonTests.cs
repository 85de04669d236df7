using MathCritique.Evaluation;
using MathCritique.Grading;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Tests.Evaluation;

public class PairedComparisonTests
{
    private static Attempt Answer(int answer) => new($"The answer is {answer}.", answer.ToString(System.Globalization.CultureInfo.InvariantCulture), answer == 10, 5);

    private static SampledAttempt Sample(int answer, bool saysWrong) => new(Answer(answer), new CritiqueStep("c", saysWrong, false, 3, null));

    private static ProblemRecord Record(string id, int greedy, int? refined, params SampledAttempt[] samples) => new()
    {
        Id = id,
        Level = 2,
        Question = "What is 5 + 5?",
        Reference = "10",
        Greedy = Answer(greedy),
        Chains = new Dictionary<RefineVariant, IReadOnlyList<CritiqueStep>>
        {
            [RefineVariant.Critic] = [new CritiqueStep("c", refined is not null, false, 3, refined is { } r ? Answer(r) : null)],
        },
        Samples = samples,
    };

    [Fact]
    public void Strategies_are_compared_problem_by_problem_with_their_baselines()
    {
        var records = new[]
        {
            Record("fixed", greedy: 9, refined: 10, Sample(9, false), Sample(10, true)),   // refine +1; both votes 9 at K = 2
            Record("kept", greedy: 10, refined: null, Sample(9, true), Sample(10, false)),  // refine 0; critique-vote 10, maj a tie
            Record("broken", greedy: 10, refined: 9, Sample(10, false), Sample(10, false)), // refine −1; votes equal
            Record("fixed again", greedy: 9, refined: 10, Sample(9, false), Sample(9, false)),
        };
        var summary = EvalSummary.Build(records, new StrategyScorer(TestTimeStrategies.All, new MathGrader()));

        var refine = Assert.Single(summary.Comparisons, c => c.Strategy == StrategyNames.CritiqueRefine);
        Assert.Equal((StrategyNames.Greedy, 0), (refine.Baseline, refine.BaselineBudget));
        Assert.Equal(1.0 / 4, refine.Difference.Mean, 12);
        Assert.Equal((2, 1), (refine.Better, refine.Worse));
        Assert.Equal(4, refine.Difference.Count);
        Assert.True(refine.Difference.Low < 0 && refine.Difference.High > 0);

        var vote = Assert.Single(summary.Comparisons, c => c.Strategy == StrategyNames.CritiqueFilteredVote && c.Budget == 2);
        Assert.Equal((StrategyNames.MajorityVote, 2), (vote.Baseline, vote.BaselineBudget));
        var perProblem = records.Select(r => new StrategyScorer(TestTimeStrategies.All, new MathGrader()).Score(r).ToArray()).ToArray();
        double Mean(string strategy) => perProblem.Average(o => o.Single(x => x.Strategy == strategy && x.Budget == 2).Score);
        Assert.Equal(Mean(StrategyNames.CritiqueFilteredVote) - Mean(StrategyNames.MajorityVote), vote.Difference.Mean, 12);
        Assert.Equal(1, vote.Better);
        Assert.Equal(0, vote.Worse);

        // Strategies with no baseline of their own are not compared.
        Assert.DoesNotContain(summary.Comparisons, c => c.Strategy is StrategyNames.MajorityVote or StrategyNames.PassAtK or StrategyNames.Greedy);
        Assert.Contains("| critique-refine 1 | actor-greedy 0 | +25.0 |", MarkdownReport.Write(summary, "t", [], []), StringComparison.Ordinal);
    }
}

public class VoteComparisonsTests
{
    private static PairedComparison Vote(int k, double mean, double low, double high, int better, int worse) =>
        new(StrategyNames.CritiqueFilteredVote, k, StrategyNames.MajorityVote, k, new Estimate(mean, low, high, 100), better, worse);

    [Fact]
    public void Each_critique_vote_gets_a_line_saying_whether_its_interval_excludes_zero()
    {
        var summary = new EvalSummary(100, ["1"], [])
        {
            Comparisons =
            [
                new PairedComparison(StrategyNames.CritiqueRefine, 1, StrategyNames.Greedy, 0, new Estimate(0.01, -0.02, 0.04, 100), 3, 2),
                Vote(2, 0.026, 0.013, 0.040, 13, 2),
                Vote(4, 0.01, -0.01, 0.03, 5, 4),
                Vote(8, -0.05, -0.08, -0.01, 1, 6),
            ],
        };
        var lines = MarkdownReport.VoteComparisons(summary).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "critique-vote@2 vs maj@2: +2.6 points (95% CI +1.3 to +4.0; 13 problems better, 2 worse): better",
            "critique-vote@4 vs maj@4: +1.0 points (95% CI -1.0 to +3.0; 5 problems better, 4 worse): no difference beyond the interval",
            "critique-vote@8 vs maj@8: -5.0 points (95% CI -8.0 to -1.0; 1 problem better, 6 worse): worse",
        ], lines);
    }
}
