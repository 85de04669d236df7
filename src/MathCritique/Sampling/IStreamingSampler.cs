namespace MathCritique.Sampling;

/// <summary>
/// A sampler that hands out text while it is generated (what a server's <c>stream: true</c> needs).
/// <see cref="SamplerExtensions.AsStreamingSampler"/> turns any other sampler into one that streams each completion
/// in one piece when it is done, so a server can front any sampler.
/// </summary>
public interface IStreamingSampler : ISampler
{
    /// <summary>
    /// Samples one request's N completions, yielding text as it becomes final (interleaved across samples) and then a
    /// <see cref="SamplingUpdate.Finished"/> update per sample. The same seeds give the same completions as
    /// <see cref="ISampler.SampleAsync"/>. Stopping the enumeration early cancels the sampling.
    /// </summary>
    IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, CancellationToken cancellationToken = default);
}
