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
            PromptTokenCount actorPrompt = PromptTokenCount.None, criticPrompt = PromptTokenCount.None;
            int voted = 0;
            foreach (var subset in subsets)
            {
                if (Vote(record, subset.Select(i => record.Samples[i]).ToArray(), scoring) is not { } vote)
                    continue;
                voted++;
                (score, actor, critic, calls) = (score + (vote.Correct ? 1 : 0), actor + vote.ActorTokens, critic + vote.CriticTokens, calls + vote.Calls);
                (actorPrompt, criticPrompt) = (actorPrompt + vote.ActorPrompt, criticPrompt + vote.CriticPrompt);
            }
            // A subset that lacks what the vote needs scores nothing; the mean stays over all subsets.
            int n = subsets.Count;
            if (voted > 0)
                yield return new StrategyOutcome(Name, k, score / n, actor / n, critic / n, calls / n) { ActorPrompt = actorPrompt / n, CriticPrompt = criticPrompt / n };
        }
    }

    /// <summary>The vote over the K <paramref name="chosen"/> samples, or null when they lack what it needs (a critique).</summary>
    protected abstract SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring);

    /// <summary>A vote's outcome with what the actor spent on the <paramref name="chosen"/> samples: one call each.</summary>
    protected static SubsetVote Sampled(bool correct, IReadOnlyList<SampledAttempt> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return new(correct, chosen.Sum(s => s.Attempt.Tokens), 0, chosen.Count) { ActorPrompt = Sum(chosen.Select(s => PromptTokenCount.Of(s.Attempt))) };
    }

    /// <summary>A vote's outcome with what the actor spent on the <paramref name="chosen"/> samples and the critic on judging them.</summary>
    protected static SubsetVote Critiqued(bool correct, IReadOnlyList<SampledAttempt> chosen)
    {
        var critiques = chosen.Select(s => s.Critique).OfType<CritiqueStep>().ToArray();
        return Sampled(correct, chosen) with
        {
            CriticTokens = critiques.Sum(c => c.Tokens),
            Calls = chosen.Count + critiques.Sum(c => c.CriticCalls),
            CriticPrompt = Sum(critiques.Select(PromptTokenCount.Of)),
        };
    }

    private static PromptTokenCount Sum(IEnumerable<PromptTokenCount> counts) => counts.Aggregate(PromptTokenCount.None, (a, b) => a + b);

    /// <summary>Whether the answer the majority of <paramref name="voters"/> give (by <paramref name="weights"/>) is correct.</summary>
    protected static bool MajorityIsCorrect(ProblemRecord record, IReadOnlyList<Attempt> voters, ScoringContext scoring, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        return scoring.IsCorrect(record, voters, scoring.Vote.Vote(voters.Select(a => a.Answer).ToArray(), weights).Winner);
    }
}

/// <summary>One vote over a subset of samples: whether its answer is right and what the subset cost (generated tokens, calls, prompt tokens).</summary>
public readonly record struct SubsetVote(bool Correct, double ActorTokens, double CriticTokens, double Calls)
{
    public PromptTokenCount ActorPrompt { get; init; }
    public PromptTokenCount CriticPrompt { get; init; }
}
