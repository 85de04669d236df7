using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.CriticEvaluation;

/// <summary>How <see cref="StepLabelEvalRun"/> asks the critic.</summary>
public sealed record StepLabelEvalOptions
{
    public SamplingOptions CriticSampling { get; init; } = new() { Temperature = 0, MaxTokens = 768 };

    /// <summary>With a stepwise prompt set: judgements per step, majority verdict (needs a critic temperature above 0).</summary>
    public int CriticVotes { get; init; } = 1;

    public ulong Seed { get; init; } = 1;

    /// <summary>Solutions critiqued in one batch and recorded together: the most a stopped run loses.</summary>
    public int SolutionsPerBatch { get; init; } = 32;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CriticSampling);
        CriticSampling.Validate();
        StepVoting.Validate(CriticVotes, CriticSampling);
        if (SolutionsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(SolutionsPerBatch), SolutionsPerBatch, "must be >= 1");
    }
}

/// <summary>What a <c>critic-eval --data</c> run directory was made with (its run.json): a re-run must match to resume.</summary>
/// <param name="Critic">The critic's identity (<see cref="Models.OpenedModel.Identity"/>).</param>
/// <param name="Prompts">The prompt set's name, or the critic prompt file with a hash of its text.</param>
/// <param name="Data">The data files as given.</param>
/// <param name="Solutions">Solutions read from them.</param>
public sealed record StepLabelRunConfig(string Critic, string Prompts, IReadOnlyList<string> Data, int Solutions, StepLabelEvalOptions Options);
