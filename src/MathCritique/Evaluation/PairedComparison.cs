using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>
/// A strategy against its baseline on the same problems: the mean per-problem difference in accuracy with a 95%
/// bootstrap interval over problems, and how many problems it did better and worse on. Pairing removes the spread
/// between problems, so the interval is much narrower than the two strategies' own intervals would suggest.
/// </summary>
public sealed record PairedComparison(string Strategy, int Budget, string Baseline, int BaselineBudget, Estimate Difference, int Better, int Worse)
{
    /// <summary>
    /// Each strategy at each budget against the baseline <paramref name="baselineOf"/> names for it (for the built-in
    /// strategies: each critique→refine variant at each round against the actor alone, each critique-based vote at each K
    /// against majority vote at the same K; see <see cref="ITestTimeStrategy.BaselineAt"/>), in the order the outcomes
    /// first list them.
    /// </summary>
    public static IReadOnlyList<PairedComparison> Build(IReadOnlyList<IReadOnlyList<StrategyOutcome>> outcomesPerProblem,
        Func<string, int, (string Strategy, int Budget)?> baselineOf)
    {
        ArgumentNullException.ThrowIfNull(outcomesPerProblem);
        ArgumentNullException.ThrowIfNull(baselineOf);
        var scores = outcomesPerProblem.Select(o => o.ToDictionary(x => (x.Strategy, x.Budget), x => x.Score)).ToArray();
        var present = scores.SelectMany(s => s.Keys).Distinct().ToArray();
        var comparisons = new List<PairedComparison>();
        foreach (var (strategy, budget) in present)
        {
            if (baselineOf(strategy, budget) is not { } b)
                continue;
            var differences = scores.Where(s => s.ContainsKey((strategy, budget)) && s.ContainsKey(b))
                .Select(s => s[(strategy, budget)] - s[b]).ToArray();
            if (differences.Length == 0)
                continue;
            comparisons.Add(new PairedComparison(strategy, budget, b.Strategy, b.Budget, BootstrapInterval.Mean(differences),
                differences.Count(d => d > 0), differences.Count(d => d < 0)));
        }
        return comparisons;
    }
}
