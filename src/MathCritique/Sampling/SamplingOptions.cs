namespace MathCritique.Sampling;

/// <summary>How to sample one completion. Temperature 0 means greedy decoding.</summary>
public sealed record SamplingOptions
{
    public float Temperature { get; init; }
    public float TopP { get; init; } = 1f;
    /// <summary>0 disables top-k.</summary>
    public int TopK { get; init; }
    /// <summary>0 disables min-p.</summary>
    public float MinP { get; init; }
    public int MaxTokens { get; init; } = 512;
    /// <summary>Generation stops before any of these strings; the stop string is not part of the text.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>Writes text into the completion as it is generated (e.g. an <see cref="InlineCalculator"/>); in-process engine only.</summary>
    public IInlineTool? Tool { get; init; }

    public static SamplingOptions Greedy { get; } = new();

    public static SamplingOptions WithTemperature(float temperature) => new() { Temperature = temperature };

    public void Validate()
    {
        if (!(Temperature >= 0 && float.IsFinite(Temperature)))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be finite and >= 0");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1]");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be >= 0");
        if (!(MinP >= 0 && MinP < 1))
            throw new ArgumentOutOfRangeException(nameof(MinP), MinP, "must be in [0, 1)");
        if (MaxTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "must be >= 1");
        if (Stop.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Stop strings must not be empty.", nameof(Stop));
    }
}
