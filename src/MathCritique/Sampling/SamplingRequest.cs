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
    /// <summary>
    /// True: the prompt is the messages' texts as they are, then the assistant prefix, with no chat template
    /// (an OpenAI <c>/v1/completions</c> prompt). False: the engine applies the model's chat template.
    /// </summary>
    public bool RawPrompt { get; init; }

    /// <summary>Single user-message request.</summary>
    public static SamplingRequest FromUser(string prompt, int n = 1, SamplingOptions? options = null, ulong seed = 0) =>
        new() { Messages = [new ChatMessage(ChatRole.User, prompt)], N = n, Options = options ?? SamplingOptions.Greedy, Seed = seed };

    /// <summary>The seed of sample <paramref name="index"/> (a SplitMix64 step, so nearby seeds decorrelate).</summary>
    public ulong SeedFor(int index) => SplitMix64.Mix(Seed + SplitMix64.Gamma * (ulong)(index + 1));

    /// <summary>
    /// Samples <paramref name="first"/> … first + count − 1 of this request as a request of its own: its sample k is this
    /// request's sample first + k with the same seed, so asking for part of a request gives the same completions as asking
    /// for all of it (what a cache or a per-sample split relies on). The caller renumbers the completions it gets back.
    /// </summary>
    public SamplingRequest Subset(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (first + count > N)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"samples {first}..{first + count - 1} are not all among the request's {N}");
        // SeedFor(k) of the subset is mix(Seed + step·first + step·(k + 1)) = SeedFor(first + k) of this request.
        return this with { N = count, Seed = Seed + SplitMix64.Gamma * (ulong)first };
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
