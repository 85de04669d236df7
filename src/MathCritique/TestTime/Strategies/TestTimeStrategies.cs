namespace MathCritique.TestTime.Strategies;

/// <summary>The built-in strategies, in the order reports show them.</summary>
public static class TestTimeStrategies
{
    /// <summary>Every built-in strategy, with all three critique→refine variants (what a record is scored with).</summary>
    public static IReadOnlyList<ITestTimeStrategy> All { get; } = For(new CritiqueLoopOptions { Variants = Enum.GetValues<RefineVariant>() });

    /// <summary>What a run with <paramref name="options"/> generates: every built-in, with a chain for each of its <see cref="CritiqueLoopOptions.Variants"/>.</summary>
    public static IReadOnlyList<ITestTimeStrategy> For(CritiqueLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new GreedyStrategy(),
            new SampledStrategy(),
            .. options.Variants.Select(CritiqueRefineStrategy.For),
            new MajorityVoteStrategy(),
            new CritiqueFilteredVoteStrategy(),
            new CriticWeightedVoteStrategy(),
            new RefineThenVoteStrategy(),
            new PassAtKStrategy(),
        ];
    }
}
