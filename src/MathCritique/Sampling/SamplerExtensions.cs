using System.Runtime.CompilerServices;

namespace MathCritique.Sampling;

public static class SamplerExtensions
{
    /// <summary>Samples one request.</summary>
    public static async Task<SamplingResult> SampleAsync(
        this ISampler sampler, SamplingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var results = await sampler.SampleAsync([request], null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>The sampler itself when it streams; otherwise one that streams each completion in one piece when it is done.</summary>
    public static IStreamingSampler AsStreamingSampler(this ISampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return sampler as IStreamingSampler ?? new WholeCompletionStreamer(sampler);
    }

    /// <summary>A request sampled as a whole, then streamed: each sample's text in one piece, then its finish.</summary>
    internal static async IAsyncEnumerable<SamplingUpdate> StreamWholeAsync(
        ISampler sampler, SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = await sampler.SampleAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var completion in result.Completions)
        {
            if (completion.Text.Length > 0)
                yield return new SamplingUpdate(completion.SampleIndex, completion.Text);
            yield return SamplingUpdate.Finished(completion);
        }
    }

    /// <summary>What <see cref="AsStreamingSampler"/> wraps a non-streaming sampler in (the default of <see cref="DelegatingSampler"/> does it).</summary>
    private sealed class WholeCompletionStreamer(ISampler inner) : DelegatingSampler(inner);
}
