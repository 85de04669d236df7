using MathCritique.Grading;

namespace MathCritique.TestTime;

/// <summary>
/// Scores a list of test-time strategies on a <see cref="ProblemRecord"/> without further model calls. The list's
/// order is the order reports show them in.
/// </summary>
public sealed class StrategyScorer
{
    private readonly ScoringContext _scoring;

    public StrategyScorer(IReadOnlyList<ITestTimeStrategy> strategies, MathGrader grader, int subsets = 32, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        if (strategies.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"two strategies are named '{twice.Key}'", nameof(strategies));
        Strategies = strategies;
        _scoring = new ScoringContext(grader, subsets, seed);
    }

    public IReadOnlyList<ITestTimeStrategy> Strategies { get; }

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
        return Strategies.SelectMany(s => s.Score(record, _scoring));
    }

    /// <summary>Where <paramref name="strategy"/> comes in reports: its place in the list, names not in it last.</summary>
    public int OrderOf(string strategy)
    {
        for (int i = 0; i < Strategies.Count; i++)
        {
            if (Strategies[i].Name == strategy)
                return i;
        }
        return Strategies.Count;
    }

    /// <summary>What <paramref name="strategy"/> at <paramref name="budget"/> is compared with, if anything.</summary>
    public (string Strategy, int Budget)? BaselineOf(string strategy, int budget) =>
        Strategies.FirstOrDefault(s => s.Name == strategy)?.BaselineAt(budget);
}
