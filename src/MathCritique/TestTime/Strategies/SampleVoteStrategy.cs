namespace MathCritique.TestTime.Strategies;

/// <summary>
/// A strategy that picks one answer from K samples, at every K of <see cref="StrategyScorer.Budgets"/>, averaged over
/// <see cref="ScoringContext.Subsets"/>. Compared with majority voting at the same K unless it says otherwise.
/// </summary>
public abstract class SampleVoteStrategy : ITestTimeStrategy
{
    public abstract string Name { get; }

    public abstract GenerationPlan Plan(CritiqueLoopOptions options);

    public virtual (string Strategy, int Budget)? BaselineAt(int budget) => (StrategyNames.MajorityVote, budget);

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(scoring);
        foreach (int k in StrategyScorer.Budgets(record.Samples.Count))
        {
            var subsets = scoring.Subsets(record, k);
            double score = 0, actor = 0, critic = 0, calls = 0;
            int voted = 0;
            foreach (var subset in subsets)
            {
                if (Vote(record, subset.Select(i => record.Samples[i]).ToArray(), scoring) is not { } vote)
                    continue;
                voted++;
                (score, actor, critic, calls) = (score + (vote.Correct ? 1 : 0), actor + vote.ActorTokens, critic + vote.CriticTokens, calls + vote.Calls);
            }
            // A subset that lacks what the vote needs scores nothing; the mean stays over all subsets.
            if (voted > 0)
                yield return new StrategyOutcome(Name, k, score / subsets.Count, actor / subsets.Count, critic / subsets.Count, calls / subsets.Count);
        }
    }

    /// <summary>The vote over the K <paramref name="chosen"/> samples, or null when they lack what it needs (a critique).</summary>
    protected abstract SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring);

    /// <summary>Tokens the actor spent on <paramref name="chosen"/>.</summary>
    protected static int ActorTokens(IReadOnlyList<SampledAttempt> chosen) => chosen.Sum(s => s.Attempt.Tokens);

    /// <summary>Tokens the critic spent judging <paramref name="chosen"/>.</summary>
    protected static int CriticTokens(IReadOnlyList<SampledAttempt> chosen) => chosen.Sum(s => s.Critique?.Tokens ?? 0);

    /// <summary>Whether the answer the majority of <paramref name="voters"/> give (by <paramref name="weights"/>) is correct.</summary>
    protected static bool MajorityIsCorrect(ProblemRecord record, IReadOnlyList<Attempt> voters, ScoringContext scoring, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        return scoring.IsCorrect(record, voters, scoring.Vote.Vote(voters.Select(a => a.Answer).ToArray(), weights).Winner);
    }
}

/// <summary>One vote over a subset of samples: whether its answer is right and what the subset cost.</summary>
public readonly record struct SubsetVote(bool Correct, double ActorTokens, double CriticTokens, double Calls);
