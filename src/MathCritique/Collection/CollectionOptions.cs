namespace MathCritique.Collection;

/// <summary>Options of a <see cref="CollectionPipeline"/> run.</summary>
public sealed record CollectionOptions
{
    public ConstructionOptions Construction { get; init; } = new();
    public MonteCarloFilterOptions Filter { get; init; } = new();
    /// <summary>Skip Monte-Carlo filtering (keep every parsable critique) — for exact annotators or quick runs.</summary>
    public bool SkipFilter { get; init; }
    public int ProblemsPerBatch { get; init; } = 16;

    public void Validate()
    {
        Construction.Validate();
        Filter.Validate();
        if (ProblemsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(ProblemsPerBatch), ProblemsPerBatch, "must be >= 1");
    }
}
