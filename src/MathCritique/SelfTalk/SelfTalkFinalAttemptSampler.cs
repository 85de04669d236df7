using MathCritique.Sampling;

namespace MathCritique.SelfTalk;

/// <summary>
/// A self-talk actor as an actor like any other: each completion's text becomes its final attempt
/// (<see cref="SelfTalkTrace.FinalAnswerText"/>: no self-checks, no retracted attempts), so that what is graded, what
/// is voted on and what an external critic critiques is the answer the actor ended with, never one it took back. The
/// critic sees the final attempt alone, as it would see a plain actor's solution: its step numbers are the final
/// solution's, and it judges the result rather than the actor's own doubts. Token counts stay the whole output's (the
/// compute spent).
/// </summary>
public sealed class SelfTalkFinalAttemptSampler(ISampler innerSampler) : DelegatingSampler(innerSampler)
{
    /// <summary>The name of this view of a model, for run identities: its final attempts are other outputs than its whole texts.</summary>
    public const string Suffix = " (self-talk: final attempt)";

    public override string ModelId => InnerSampler.ModelId + Suffix;

    public override async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = await InnerSampler.SampleAsync(requests, progress, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r with { Completions = r.Completions.Select(FinalAttempt).ToArray() }).ToArray();
    }

    // A stream cannot be cut to its final attempt before it ends: each sample comes in one piece when it is done.
    public override IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, CancellationToken cancellationToken = default) =>
        SamplerExtensions.StreamWholeAsync(this, request, cancellationToken);

    /// <summary>A completion with its text cut to its final attempt.</summary>
    public static Completion FinalAttempt(Completion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return completion with { Text = SelfTalkParser.Parse(completion.Text).FinalAnswerText };
    }
}
