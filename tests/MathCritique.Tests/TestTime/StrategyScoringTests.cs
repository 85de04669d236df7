using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Tests.TestTime;

/// <summary>Each built-in strategy's scorer on hand-made records (the reference answer is 10).</summary>
public class StrategyScoringTests
{
    private static readonly ScoringContext Scoring = new(new MathGrader());

    private static Attempt Answer(int answer, int tokens = 5) =>
        new($"The answer is {answer}.", answer.ToString(System.Globalization.CultureInfo.InvariantCulture), answer == 10, tokens);

    private static CritiqueStep Judged(bool saysWrong, Attempt? refined = null) => new("c", saysWrong, false, 3, refined);

    private static ProblemRecord Record(params SampledAttempt[] samples) => new()
    {
        Id = "p",
        Question = "What is 5 + 5?",
        Reference = "10",
        Greedy = Answer(9, tokens: 7),
        Chains = new Dictionary<RefineVariant, IReadOnlyList<CritiqueStep>>(),
        Samples = samples,
    };

    private static StrategyOutcome[] Score(ITestTimeStrategy strategy, ProblemRecord record) => strategy.Score(record, Scoring).ToArray();

    [Fact]
    public void Greedy_scores_the_greedy_attempt_at_budget_0()
    {
        var outcome = Assert.Single(Score(new GreedyStrategy(), Record()));
        Assert.Equal(new StrategyOutcome(StrategyNames.Greedy, 0, 0, 7, 0, 1), outcome);
        var right = Record() with { Greedy = Answer(10) };
        Assert.Equal(1, Assert.Single(Score(new GreedyStrategy(), right)).Score);
    }

    [Fact]
    public void Sampled_and_pass_at_k_read_the_samples_and_need_some()
    {
        var record = Record(new(Answer(10, 4), null), new(Answer(9, 6), null), new(Answer(8, 8), null));
        Assert.Equal(new StrategyOutcome(StrategyNames.Sampled, 1, 1.0 / 3, 6, 0, 1), Assert.Single(Score(new SampledStrategy(), record)));
        var pass = Score(new PassAtKStrategy(), record);
        Assert.Equal([1, 2, 3], pass.Select(o => o.Budget));
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], pass.Select(o => o.Score), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([6.0, 12.0, 18.0], pass.Select(o => o.ActorTokens));
        Assert.Empty(Score(new SampledStrategy(), Record()));
        Assert.Empty(Score(new PassAtKStrategy(), Record()));
    }

    [Fact]
    public void A_chain_is_scored_at_every_round_of_the_longest_chain_with_its_compute()
    {
        var record = Record() with
        {
            Chains = new Dictionary<RefineVariant, IReadOnlyList<CritiqueStep>>
            {
                [RefineVariant.Critic] = [Judged(true, Answer(10, 11)), Judged(false) with { Tokens = 2 }],
                [RefineVariant.Oracle] = [Judged(true, Answer(8, 13)) with { ActorCalls = 2, CriticCalls = 3 }],
            },
        };
        var critic = Score(CritiqueRefineStrategy.Critic, record);
        Assert.Equal(
            [new StrategyOutcome(StrategyNames.CritiqueRefine, 1, 1, 7 + 11, 3, 3), new StrategyOutcome(StrategyNames.CritiqueRefine, 2, 1, 7 + 11, 3 + 2, 4)],
            critic);
        // The oracle chain ran one round; at round 2 it keeps its answer and compute.
        var oracle = Score(CritiqueRefineStrategy.Oracle, record);
        Assert.Equal([new StrategyOutcome(StrategyNames.CritiqueRefineOracle, 1, 0, 7 + 13, 3, 1 + 3 + 2), new StrategyOutcome(StrategyNames.CritiqueRefineOracle, 2, 0, 7 + 13, 3, 1 + 3 + 2)], oracle);
        // No chain of its variant in the record: nothing to score.
        Assert.Empty(Score(CritiqueRefineStrategy.Always, record));
    }

    [Fact]
    public void The_weighted_vote_lets_one_accepted_answer_outweigh_rejected_ones()
    {
        var record = Record(new(Answer(10), Judged(true)), new(Answer(10), Judged(true)), new(Answer(9), Judged(false)));
        var weighted = Score(new CriticWeightedVoteStrategy(), record).Single(o => o.Budget == 3);
        Assert.Equal(new StrategyOutcome(StrategyNames.CriticWeightedVote, 3, 0, 15, 9, 6), weighted);
        Assert.Equal(1, Score(new MajorityVoteStrategy(), record).Single(o => o.Budget == 3).Score);
        // Six rejected answers (weight 6 × 0.2) outweigh one accepted answer.
        var many = Record([.. Enumerable.Repeat(new SampledAttempt(Answer(10), Judged(true)), 6), new(Answer(9), Judged(false))]);
        Assert.Equal(1, Score(new CriticWeightedVoteStrategy(), many).Single(o => o.Budget == 7).Score);
    }

    [Fact]
    public void Refine_then_vote_votes_over_the_refinements_and_counts_them()
    {
        var record = Record(new(Answer(9), Judged(true, Answer(10, 8))), new(Answer(9), Judged(true, Answer(10, 8))), new(Answer(10), Judged(false)));
        var refineVote = Score(new RefineThenVoteStrategy(), record).Single(o => o.Budget == 3);
        Assert.Equal(new StrategyOutcome(StrategyNames.RefineThenVote, 3, 1, 3 * 5 + 2 * 8, 9, 2 * 3 + 2), refineVote);
        Assert.Equal(0, Score(new MajorityVoteStrategy(), record).Single(o => o.Budget == 3).Score);
    }

    [Fact]
    public void Critique_based_votes_score_nothing_without_critiques_but_majority_vote_does()
    {
        var record = Record(new(Answer(10), null), new(Answer(9), null));
        Assert.Empty(Score(new CritiqueFilteredVoteStrategy(), record));
        Assert.Empty(Score(new CriticWeightedVoteStrategy(), record));
        Assert.Empty(Score(new RefineThenVoteStrategy(), record));
        Assert.Equal([1, 2], Score(new MajorityVoteStrategy(), record).Select(o => o.Budget));
    }

    [Fact]
    public void Votes_average_over_seeded_k_subsets_of_the_samples()
    {
        var record = Record(Enumerable.Range(0, 6).Select(i => new SampledAttempt(Answer(i % 2 == 0 ? 10 : 9), null)).ToArray());
        var subsets = Scoring.Subsets(record, 2);
        Assert.Equal(32, subsets.Count);
        Assert.All(subsets, s => Assert.Equal(2, s.Distinct().Count()));
        Assert.Equal(subsets, new ScoringContext(new MathGrader()).Subsets(record, 2));
        Assert.Equal([0, 1, 2, 3, 4, 5], Assert.Single(Scoring.Subsets(record, 6)));
        // maj@1 is averaged over 32 one-sample subsets of three right and three wrong samples: near 0.5, not 0 or 1.
        double maj1 = Score(new MajorityVoteStrategy(), record).Single(o => o.Budget == 1).Score;
        Assert.InRange(maj1, 0.1, 0.9);
    }

    [Fact]
    public void The_built_in_strategies_name_their_baselines_and_the_scorer_orders_by_its_list()
    {
        var scorer = new StrategyScorer(TestTimeStrategies.All, new MathGrader());
        Assert.Equal(
        [
            StrategyNames.Greedy, StrategyNames.Sampled, StrategyNames.CritiqueRefine, StrategyNames.CritiqueRefineOracle, StrategyNames.CritiqueRefineAlways,
            StrategyNames.MajorityVote, StrategyNames.CritiqueFilteredVote, StrategyNames.CriticWeightedVote, StrategyNames.RefineThenVote, StrategyNames.PassAtK,
        ], scorer.Strategies.Select(s => s.Name));
        Assert.Equal(1, scorer.OrderOf(StrategyNames.Sampled));
        Assert.Equal(TestTimeStrategies.All.Count, scorer.OrderOf("not-a-strategy"));
        Assert.Equal((StrategyNames.Greedy, 0), scorer.BaselineOf(StrategyNames.CritiqueRefineAlways, 3));
        Assert.Equal((StrategyNames.MajorityVote, 4), scorer.BaselineOf(StrategyNames.RefineThenVote, 4));
        Assert.Null(scorer.BaselineOf(StrategyNames.MajorityVote, 4));
        Assert.Null(scorer.BaselineOf(StrategyNames.PassAtK, 4));
        Assert.Throws<ArgumentException>(() => new StrategyScorer([new GreedyStrategy(), new GreedyStrategy()], new MathGrader()));
    }

    [Fact]
    public void A_critique_step_carries_its_parse_and_reparses_only_a_new_text()
    {
        var text = CritiqueFormatter.Format(new Critique([new StepVerdict(1, "5 + 5 = 11", Verdict.Wrong, "5 + 5 is 10.")], Verdict.Wrong, ""));
        var parsed = CritiqueParser.Parse(text);
        var step = CritiqueStep.Of(text, parsed, 4, null);
        Assert.Same(parsed, step.Parsed);
        Assert.True(step.SaysWrong);
        Assert.False(step.ParseFailed);
        // Read back from a record, the same text parses the same; equality does not depend on whether it has been parsed.
        var readBack = new CritiqueStep(text, true, false, 4, null);
        Assert.Equal(step, readBack);
        Assert.Equal(step.GetHashCode(), readBack.GetHashCode());
        Assert.Equal(1, readBack.Parsed.Critique.FirstWrongStep);
        var other = step with { Critique = "Final answer correctness: Correct" };
        Assert.False(other.Parsed.Critique.RejectsSolution);
        Assert.NotEqual(step, other);
    }
}
