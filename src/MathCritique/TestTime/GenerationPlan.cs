using System.Text.Json;

namespace MathCritique.TestTime;

/// <summary>
/// What a strategy needs generated for each problem, beyond the greedy attempt every record has. Counts and sampling
/// come from <see cref="CritiqueLoopOptions"/>; the runner generates the union of its strategies' plans.
/// </summary>
public sealed record GenerationPlan
{
    /// <summary>Nothing beyond the greedy attempt.</summary>
    public static GenerationPlan GreedyOnly { get; } = new();

    /// <summary>The <see cref="CritiqueLoopOptions.Samples"/> independent samples.</summary>
    public bool Samples { get; init; }
    /// <summary>A critique of every sample (implies <see cref="Samples"/>).</summary>
    public bool SampleCritiques { get; init; }
    /// <summary>A refinement of every sample the critic rejects (implies <see cref="SampleCritiques"/>).</summary>
    public bool SampleRefinements { get; init; }
    /// <summary>Critique→refine chains on the greedy attempt, <see cref="CritiqueLoopOptions.Rounds"/> rounds each.</summary>
    public IReadOnlyList<RefineVariant> Chains { get; init; } = [];
    /// <summary>Attempts with prompts of the strategy's own, recorded in <see cref="ProblemRecord.Attempts"/>.</summary>
    public IReadOnlyList<AttemptPlan> Attempts { get; init; } = [];

    /// <summary>Everything either plan asks for; chains and attempts in first-asked order.</summary>
    public GenerationPlan Union(GenerationPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            Samples = Samples || other.Samples || SampleCritiques || other.SampleCritiques || SampleRefinements || other.SampleRefinements,
            SampleCritiques = SampleCritiques || other.SampleCritiques || SampleRefinements || other.SampleRefinements,
            SampleRefinements = SampleRefinements || other.SampleRefinements,
            Chains = Chains.Union(other.Chains).ToArray(),
            Attempts = Attempts.Concat(other.Attempts).DistinctBy(a => a.Key).ToArray(),
        };
    }

    /// <summary>The union of the plans of <paramref name="strategies"/> under <paramref name="options"/>.</summary>
    public static GenerationPlan For(IEnumerable<ITestTimeStrategy> strategies, CritiqueLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(options);
        return strategies.Aggregate(GreedyOnly, (plan, s) => plan.Union(s.Plan(options)));
    }
}

/// <summary>
/// Attempts a strategy asks of the actor with a prompt of its own (a self-talk actor, a hinted prompt), in the solve
/// phase; graded and recorded under <paramref name="Key"/> in <see cref="ProblemRecord.Attempts"/>.
/// </summary>
/// <param name="Key">The record's key: snake_case, because records write dictionary keys in snake_case.</param>
/// <param name="Prompt">The actor's user message for a question.</param>
/// <param name="Count">Attempts per problem.</param>
/// <param name="Sampled">Sample them with <see cref="CritiqueLoopOptions.ActorSampling"/> (else decode greedily).</param>
public sealed record AttemptPlan(string Key, Func<string, string> Prompt, int Count = 1, bool Sampled = false)
{
    public void Validate()
    {
        if (string.IsNullOrEmpty(Key) || JsonNamingPolicy.SnakeCaseLower.ConvertName(Key) != Key)
            throw new ArgumentException($"attempt key '{Key}' must be snake_case (records write dictionary keys in snake_case)", nameof(Key));
        ArgumentNullException.ThrowIfNull(Prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1, nameof(Count));
    }
}
