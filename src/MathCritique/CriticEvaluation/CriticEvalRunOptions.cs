using MathCritique.Sampling;

namespace MathCritique.CriticEvaluation;

/// <summary>Options of <see cref="CriticEvalRun"/>.</summary>
public sealed record CriticEvalRunOptions
{
    /// <summary>Actor solutions sampled per problem.</summary>
    public int SamplesPerProblem { get; init; } = 2;

    /// <summary>How the actor samples the solutions to judge (warm, so that they mix right and wrong ones).</summary>
    public SamplingOptions SolutionSampling { get; init; } = new() { Temperature = 0.8f, MaxTokens = 320 };

    /// <summary>How the critic judges and the actor refines; its seed also seeds the solutions.</summary>
    public CriticEvalOptions Evaluation { get; init; } = new();

    public void Validate()
    {
        if (SamplesPerProblem < 1)
            throw new ArgumentOutOfRangeException(nameof(SamplesPerProblem), SamplesPerProblem, "must be >= 1");
        ArgumentNullException.ThrowIfNull(SolutionSampling);
        ArgumentNullException.ThrowIfNull(Evaluation);
    }
}
