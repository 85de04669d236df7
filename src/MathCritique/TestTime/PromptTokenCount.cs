namespace MathCritique.TestTime;

/// <summary>
/// Prompt tokens of some model calls: <see cref="All"/> of them, and the <see cref="New"/> ones, beyond the prefix each
/// call shares with an earlier call of its problem (what a cache of the problem's prompt prefixes still computes:
/// K samples of one prompt compute it once, a stepwise critique's step k only the step it adds). Means over problems
/// or subsets are fractional.
/// </summary>
public readonly record struct PromptTokenCount(double All, double New)
{
    public static PromptTokenCount None => default;

    public static PromptTokenCount operator +(PromptTokenCount a, PromptTokenCount b) => new(a.All + b.All, a.New + b.New);

    public static PromptTokenCount operator *(double factor, PromptTokenCount a) => new(factor * a.All, factor * a.New);

    public static PromptTokenCount operator /(PromptTokenCount a, double divisor) => new(a.All / divisor, a.New / divisor);

    /// <summary>The actor's call(s) for <paramref name="attempt"/>.</summary>
    public static PromptTokenCount Of(Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new(attempt.PromptTokens, attempt.PromptTokens - attempt.SharedPrefixTokens);
    }

    /// <summary>The critic's calls for <paramref name="step"/> (its refinement is the actor's: <see cref="Of(Attempt)"/>).</summary>
    public static PromptTokenCount Of(CritiqueStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.PromptTokens, step.PromptTokens - step.SharedPrefixTokens);
    }

    /// <summary>The mean of <paramref name="counts"/> (none when there are none).</summary>
    public static PromptTokenCount Mean(IReadOnlyCollection<PromptTokenCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Count == 0 ? None : new(counts.Average(c => c.All), counts.Average(c => c.New));
    }
}
