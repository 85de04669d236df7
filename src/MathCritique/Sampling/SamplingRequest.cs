using Microsoft.Extensions.AI;

namespace MathCritique.Sampling;

/// <summary>
/// N completions of one conversation. The engine applies the model's chat template to
/// <see cref="Messages"/>; when <see cref="AssistantPrefix"/> is set the completions continue
/// the assistant's reply from that text (used to resample a solution from a chosen step).
/// </summary>
public sealed record SamplingRequest
{
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public string? AssistantPrefix { get; init; }
    public int N { get; init; } = 1;
    public SamplingOptions Options { get; init; } = SamplingOptions.Greedy;
    /// <summary>Base seed: sample i of this request uses <see cref="SeedFor"/>(i), so results do not depend on batching.</summary>
    public ulong Seed { get; init; }

    /// <summary>Single user-message request.</summary>
    public static SamplingRequest FromUser(string prompt, int n = 1, SamplingOptions? options = null, ulong seed = 0) =>
        new() { Messages = [new ChatMessage(ChatRole.User, prompt)], N = n, Options = options ?? SamplingOptions.Greedy, Seed = seed };

    /// <summary>The seed of sample <paramref name="index"/> (a SplitMix64 step, so nearby seeds decorrelate).</summary>
    public ulong SeedFor(int index)
    {
        ulong z = Seed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public void Validate()
    {
        if (Messages is null || Messages.Count == 0)
            throw new ArgumentException("A request needs at least one message.", nameof(Messages));
        if (N < 1)
            throw new ArgumentOutOfRangeException(nameof(N), N, "must be >= 1");
        Options.Validate();
    }
}
