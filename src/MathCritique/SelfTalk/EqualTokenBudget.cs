using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>
/// Chooses a training set with a given number of tokens from candidate examples per problem: every problem once, then
/// round after round (each problem's candidates in turn, repeated when they run out) while the next example fits, and
/// last the example that lands nearest the target, if it lands nearer than stopping. The plain-CoT set is filled this
/// way to the self-talk set's token count, so that the two differ in format and not in budget.
/// </summary>
public static class EqualTokenBudget
{
    /// <param name="candidates">Per problem, its examples (at least one each).</param>
    /// <param name="target">The tokens to reach.</param>
    /// <param name="tokens">The tokens an example counts for.</param>
    public static IReadOnlyList<SftExample> Fill(IReadOnlyList<IReadOnlyList<SftExample>> candidates, long target, Func<SftExample, long> tokens)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(tokens);
        if (candidates.Any(c => c.Count == 0))
            throw new ArgumentException("every problem needs a candidate example", nameof(candidates));
        var chosen = new List<SftExample>();
        var used = new int[candidates.Count];
        long total = 0;
        SftExample Next(int problem) => candidates[problem][used[problem] % candidates[problem].Count];
        void Add(int problem)
        {
            var example = Next(problem);
            long count = tokens(example);
            // An example of no tokens would fill nothing, forever.
            if (count <= 0)
                throw new ArgumentException("an example counts no tokens", nameof(candidates));
            chosen.Add(example);
            total += count;
            used[problem]++;
        }

        for (int p = 0; p < candidates.Count; p++)
            Add(p);
        int cursor = 0;
        while (candidates.Count > 0)
        {
            int fits = Enumerable.Range(0, candidates.Count).Select(i => (cursor + i) % candidates.Count)
                .FirstOrDefault(p => total + tokens(Next(p)) <= target, -1);
            if (fits >= 0)
            {
                Add(fits);
                cursor = (fits + 1) % candidates.Count;
                continue;
            }
            int smallest = Enumerable.Range(0, candidates.Count).MinBy(p => tokens(Next(p)));
            if (total + tokens(Next(smallest)) - target < target - total)
                Add(smallest);
            break;
        }
        return chosen;
    }
}
