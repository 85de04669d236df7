using MathCritique.Grading;

namespace MathCritique.TestTime;

/// <summary>
/// Scores every test-time strategy on a <see cref="ProblemRecord"/> without further model calls.
/// Voting strategies at K &lt; the number of samples are averaged over random K-subsets of the samples
/// (valid because the samples are i.i.d.), which gives smoother compute-scaling curves than one run per K.
/// </summary>
public sealed class StrategyScorer(MathGrader grader, int subsets = 32, int seed = 7)
{
    /// <summary>Weight a rejected sample keeps in the critic-weighted vote (accepted samples weigh 1).</summary>
    public const double RejectedWeight = 0.2;

    private readonly AnswerVote _vote = new(grader);

    /// <summary>K = 1, 2, 4, … up to <paramref name="samples"/> (and <paramref name="samples"/> itself).</summary>
    public static IReadOnlyList<int> Budgets(int samples)
    {
        var budgets = new List<int>();
        for (int k = 1; k <= samples; k *= 2)
            budgets.Add(k);
        if (samples > 0 && budgets[^1] != samples)
            budgets.Add(samples);
        return budgets;
    }

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var greedy = record.Greedy;
        yield return new StrategyOutcome(StrategyNames.Greedy, 0, greedy.Correct ? 1 : 0, greedy.Tokens, 0, 1);

        // Every chain is scored at every round of the run (the unconditional chain always runs them all): a chain the
        // critic stopped early keeps its last answer and compute, so each round's accuracy is over all problems.
        int rounds = record.Chains.Count == 0 ? 0 : Math.Max(1, record.Chains.Values.Max(s => s.Count));
        foreach (var (variant, steps) in record.Chains)
        {
            // Round r: the state after r critique→refine rounds (round 0 is the greedy attempt).
            var current = greedy;
            double actorTokens = greedy.Tokens, criticTokens = 0, calls = 1;
            for (int round = 1; round <= rounds; round++)
            {
                if (round <= steps.Count)
                {
                    var step = steps[round - 1];
                    criticTokens += step.Tokens;
                    calls += step.CriticCalls;
                    if (step.Refined is { } refined)
                    {
                        actorTokens += refined.Tokens;
                        calls += step.ActorCalls;
                        current = refined;
                    }
                }
                yield return new StrategyOutcome(StrategyNames.ForVariant(variant), round, current.Correct ? 1 : 0, actorTokens, criticTokens, calls);
            }
        }

        var samples = record.Samples;
        if (samples.Count == 0)
            yield break;
        yield return new StrategyOutcome(StrategyNames.Sampled, 1, samples.Average(s => s.Attempt.Correct ? 1.0 : 0.0), samples.Average(s => s.Attempt.Tokens), 0, 1);
        int correct = samples.Count(s => s.Attempt.Correct);
        foreach (int k in Budgets(samples.Count))
        {
            yield return new StrategyOutcome(StrategyNames.PassAtK, k, PassAtK.Estimate(samples.Count, correct, k), k * samples.Average(s => s.Attempt.Tokens), 0, k);
            foreach (var outcome in VotingOutcomes(record, k))
                yield return outcome;
        }
    }

    private IEnumerable<StrategyOutcome> VotingOutcomes(ProblemRecord record, int k)
    {
        var subsets = Subsets(record.Samples.Count, k, record.Id);
        var sums = new Dictionary<string, (double Score, double Actor, double Critic, double Calls)>();
        void Add(string name, bool ok, double actor, double critic, double calls)
        {
            var s = sums.GetValueOrDefault(name);
            sums[name] = (s.Score + (ok ? 1 : 0), s.Actor + actor, s.Critic + critic, s.Calls + calls);
        }

        foreach (var subset in subsets)
        {
            var chosen = subset.Select(i => record.Samples[i]).ToArray();
            double actorTokens = chosen.Sum(s => s.Attempt.Tokens);
            double criticTokens = chosen.Sum(s => s.Critique?.Tokens ?? 0);
            double refineTokens = chosen.Sum(s => s.Critique?.Refined?.Tokens ?? 0);
            int refinements = chosen.Count(s => s.Critique?.Refined is not null);
            var answers = chosen.Select(s => s.Attempt.Answer).ToArray();

            Add(StrategyNames.MajorityVote, IsCorrect(record, chosen, _vote.Vote(answers).Winner), actorTokens, 0, k);

            if (chosen.Any(s => s.Critique is null))
                continue;
            var accepted = chosen.Where(s => !s.Critique!.SaysWrong).ToArray();
            var filtered = accepted.Length > 0 ? accepted : chosen; // fall back to all when the critic rejects every sample
            Add(StrategyNames.CritiqueFilteredVote, IsCorrect(record, chosen, _vote.Vote(filtered.Select(s => s.Attempt.Answer).ToArray()).Winner), actorTokens, criticTokens, 2 * k);

            var weights = chosen.Select(s => s.Critique!.SaysWrong ? RejectedWeight : 1.0).ToArray();
            Add(StrategyNames.CriticWeightedVote, IsCorrect(record, chosen, _vote.Vote(answers, weights).Winner), actorTokens, criticTokens, 2 * k);

            var refined = chosen.Select(s => s.Critique!.Refined ?? s.Attempt).ToArray();
            Add(StrategyNames.RefineThenVote, IsCorrectAttempt(record, refined, _vote.Vote(refined.Select(a => a.Answer).ToArray()).Winner),
                actorTokens + refineTokens, criticTokens, 2 * k + refinements);
        }
        foreach (var (name, s) in sums)
            yield return new StrategyOutcome(name, k, s.Score / subsets.Count, s.Actor / subsets.Count, s.Critic / subsets.Count, s.Calls / subsets.Count);
    }

    // A voted answer is correct when it is equivalent to one of the graded-correct attempts' answers,
    // or (when none matched) to the reference itself.
    private bool IsCorrect(ProblemRecord record, IEnumerable<SampledAttempt> chosen, string? winner) =>
        IsCorrectAttempt(record, chosen.Select(s => s.Attempt), winner);

    private bool IsCorrectAttempt(ProblemRecord record, IEnumerable<Attempt> attempts, string? winner)
    {
        if (winner is null)
            return false;
        foreach (var a in attempts)
        {
            if (a.Answer == winner)
                return a.Correct;
        }
        return grader.AreEquivalent(record.Reference, winner);
    }

    private List<int[]> Subsets(int n, int k, string id)
    {
        if (k >= n)
            return [Enumerable.Range(0, n).ToArray()];
        var random = new Random(unchecked(((seed * 31) + StableHash(id)) * 31 + k));
        var result = new List<int[]>(subsets);
        var indexes = Enumerable.Range(0, n).ToArray();
        for (int s = 0; s < subsets; s++)
        {
            // Partial Fisher–Yates: the first k positions are a uniform K-subset.
            for (int i = 0; i < k; i++)
            {
                int j = random.Next(i, n);
                (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
            }
            result.Add(indexes[..k]);
        }
        return result;
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
                hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
