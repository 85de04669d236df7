using MathCritique.Evaluation;
using MathCritique.TestTime;

namespace MathCritique.SelfImprovement;

/// <summary>
/// A paired comparison of held-out accuracy on the same problems (<see cref="PairedComparison"/>: strategy = arm,
/// budget = iteration), over all problems or one level's.
/// </summary>
public sealed record ArmComparison(string Level, PairedComparison Comparison);

/// <summary>The summary of a self-improvement run (what <c>summary.json</c> holds): every arm's iterations and the paired comparisons.</summary>
public sealed record SelfImprovementSummary(IReadOnlyList<string> Levels, IReadOnlyList<IterationSummary> Iterations, IReadOnlyList<ArmComparison> Comparisons)
{
    public const string AllLevels = "all";

    public IterationSummary? Find(SelfImprovementArm arm, int iteration) => Iterations.FirstOrDefault(s => s.Arm == arm && s.Iteration == iteration);

    public IReadOnlyList<SelfImprovementArm> Arms => Iterations.Select(s => s.Arm).Distinct().ToArray();

    /// <summary>
    /// Comparisons, each iteration's models on the same held-out problems: the critique arm against vanilla and against
    /// compute-matched vanilla, over all problems and per level; and every arm against the base actor, over all problems.
    /// </summary>
    public static SelfImprovementSummary Build(IReadOnlyList<IterationSummary> iterations,
        IReadOnlyDictionary<(SelfImprovementArm Arm, int Iteration), IReadOnlyList<HeldOutResult>> heldOut)
    {
        ArgumentNullException.ThrowIfNull(iterations);
        ArgumentNullException.ThrowIfNull(heldOut);
        // Per held-out problem: one outcome per (arm, iteration).
        var problems = heldOut.Values.SelectMany(r => r).Select(r => (r.Id, r.Level)).Distinct().ToArray();
        var scores = heldOut.SelectMany(kv => kv.Value.Select(r => (r.Id, Outcome: new StrategyOutcome(kv.Key.Arm.Name(), kv.Key.Iteration, r.Correct ? 1 : 0, 0, 0, 0))))
            .ToLookup(x => x.Id, x => x.Outcome, StringComparer.Ordinal);
        var levels = problems.Select(p => IterationMetrics.LevelName(p.Level)).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToArray();

        var baselines = new Func<string, int, (string, int)?>[]
        {
            (arm, i) => arm == SelfImprovementArm.Critique.Name() && i > 0 ? (SelfImprovementArm.Vanilla.Name(), i) : null,
            (arm, i) => arm == SelfImprovementArm.Critique.Name() && i > 0 ? (SelfImprovementArm.ComputeMatched.Name(), i) : null,
            (arm, i) => i > 0 ? (arm, 0) : null,
        };
        var comparisons = new List<ArmComparison>();
        foreach (var level in levels.Prepend(AllLevels))
        {
            var outcomes = problems.Where(p => level == AllLevels || IterationMetrics.LevelName(p.Level) == level)
                .Select(p => (IReadOnlyList<StrategyOutcome>)scores[p.Id].ToArray()).ToArray();
            // Against the base only over all problems: per level the arms are compared with each other.
            foreach (var baselineOf in level == AllLevels ? baselines : baselines[..2])
                comparisons.AddRange(PairedComparison.Build(outcomes, baselineOf).OrderBy(c => c.Budget).ThenBy(c => c.Strategy, StringComparer.Ordinal).Select(c => new ArmComparison(level, c)));
        }
        var ordered = iterations.OrderBy(s => s.Arm).ThenBy(s => s.Iteration).ToArray();
        return new SelfImprovementSummary(levels, ordered, comparisons);
    }
}
