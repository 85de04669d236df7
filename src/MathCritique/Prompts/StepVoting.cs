using MathCritique.Sampling;

namespace MathCritique.Prompts;

/// <summary>The rule shared by the options that take a number of judgements per step.</summary>
internal static class StepVoting
{
    public static void Validate(int votes, SamplingOptions critic)
    {
        if (votes < 1)
            throw new ArgumentOutOfRangeException(nameof(votes), votes, "critic votes must be >= 1");
        // Greedy judgements are all the same: voting over them would only multiply the cost.
        if (votes > 1 && critic.Temperature <= 0)
            throw new ArgumentException($"{votes} critic votes need a critic temperature above 0 (greedy judgements are all the same).", nameof(votes));
    }
}
