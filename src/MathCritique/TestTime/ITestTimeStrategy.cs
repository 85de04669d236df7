namespace MathCritique.TestTime;

/// <summary>
/// One test-time strategy as a piece: what it needs generated for each problem (its plan; the runner generates the
/// union of its strategies' plans) and how it scores a problem's record, without model calls. Adding a strategy is
/// adding an implementation and passing it to <see cref="CritiqueLoopRunner"/> and <see cref="StrategyScorer"/>.
/// </summary>
public interface ITestTimeStrategy
{
    /// <summary>The name its outcomes carry (the built-in ones are in <see cref="StrategyNames"/>).</summary>
    string Name { get; }

    /// <summary>What the strategy needs generated for every problem of a run with <paramref name="options"/>.</summary>
    GenerationPlan Plan(CritiqueLoopOptions options);

    /// <summary>The strategy and budget it is compared with on the same problems at <paramref name="budget"/>; null when none.</summary>
    (string Strategy, int Budget)? BaselineAt(int budget);

    /// <summary>Its outcomes on one problem, one per budget; none when the record lacks what the strategy needs.</summary>
    IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring);
}
