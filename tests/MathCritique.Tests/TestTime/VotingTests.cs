using MathCritique.Grading;
using MathCritique.TestTime;

namespace MathCritique.Tests.TestTime;

public class VotingTests
{
    private readonly AnswerVote _vote = new(new MathGrader());

    [Theory]
    [InlineData(10, 3, 1)]
    [InlineData(10, 3, 4)]
    [InlineData(16, 1, 8)]
    [InlineData(5, 0, 2)]
    [InlineData(5, 5, 5)]
    [InlineData(64, 7, 32)]
    public void Pass_at_k_matches_the_closed_form(int n, int c, int k)
    {
        static double Choose(int a, int b)
        {
            if (b < 0 || b > a)
                return 0;
            double r = 1;
            for (int i = 1; i <= b; i++)
                r = r * (a - b + i) / i;
            return r;
        }
        double expected = 1 - Choose(n - c, k) / Choose(n, k);
        Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);
    }

    [Fact]
    public void Pass_at_1_is_the_fraction_correct() => Assert.Equal(0.3, PassAtK.Estimate(10, 3, 1), 12);

    [Fact]
    public void Votes_group_equivalent_answers_not_strings()
    {
        var outcome = _vote.Vote(["1000", "7", "1,000", "7", "1000.0"]);
        Assert.Equal("1000", outcome.Winner);
        Assert.Equal([0, 2, 4], outcome.Groups[0].Members);
        Assert.Equal(3, outcome.Groups[0].Weight);
    }

    [Fact]
    public void Ties_go_to_the_first_seen_answer_and_missing_answers_do_not_vote()
    {
        Assert.Equal("5", _vote.Vote([null, "5", "6", "", "6", "5"]).Winner);
        Assert.Null(_vote.Vote([null, " "]).Winner);
    }

    [Fact]
    public void Weights_can_outvote_a_majority() =>
        Assert.Equal("6", _vote.Vote(["5", "5", "6"], [0.2, 0.2, 1.0]).Winner);

    [Fact]
    public void Budgets_double_up_to_the_sample_count()
    {
        Assert.Equal([1, 2, 4, 8], StrategyScorer.Budgets(8));
        Assert.Equal([1, 2, 4, 6], StrategyScorer.Budgets(6));
        Assert.Empty(StrategyScorer.Budgets(0));
    }
}
