using System.Text.Json.Serialization;
using MathCritique.Sampling;

namespace MathCritique.Collection;

/// <summary>How many candidate solutions of each kind to build per problem, and how.</summary>
public sealed record ConstructionOptions
{
    /// <summary>RG1: actor samples per problem.</summary>
    public int Rg1Samples { get; init; } = 4;
    public float Rg1Temperature { get; init; } = 0.8f;
    /// <summary>RG2: resampled continuations per problem (each from a random step).</summary>
    public int Rg2Samples { get; init; } = 2;
    /// <summary>RG2: the raised temperature from the chosen step on.</summary>
    public float Rg2Temperature { get; init; } = 1.2f;
    /// <summary>RG2: keep continuations that stayed right too (as "Correct" examples).</summary>
    public bool Rg2KeepCorrect { get; init; }
    /// <summary>RG3: inserted mistakes per problem.</summary>
    public int Rg3Samples { get; init; } = 2;
    /// <summary>
    /// RG3: insert mistakes only into a greedy solution with the right answer (else drop the attempt), so that the
    /// inserted step is the first wrong one. The command sets it for a model inserter; the lab corruptor runs without
    /// (the lab checker labels its solutions). Left out of run.json when off, so earlier run directories still resume.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Rg3FromCorrectOnly { get; init; }
    public int MaxTokens { get; init; } = 256;
    public ulong Seed { get; init; } = 1;

    public SamplingOptions Sampling(float temperature) => new() { Temperature = temperature, MaxTokens = MaxTokens };

    public void Validate()
    {
        if (Rg1Samples < 0 || Rg2Samples < 0 || Rg3Samples < 0)
            throw new ArgumentOutOfRangeException(nameof(Rg1Samples), "sample counts must be >= 0");
        if (!(Rg1Temperature >= 0) || !(Rg2Temperature >= 0))
            throw new ArgumentOutOfRangeException(nameof(Rg1Temperature), "temperatures must be >= 0");
        if (MaxTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "must be >= 1");
    }
}
