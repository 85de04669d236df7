namespace MathCritique.Sampling;

/// <summary>
/// A sampler that passes calls on to an inner one: the base of sampler middleware (cache, retry, concurrency limit,
/// logging), as <c>DelegatingChatClient</c> is for <c>IChatClient</c>. Override what the middleware changes.
/// Streaming passes on too: to the inner sampler's <see cref="IStreamingSampler.StreamAsync"/> when it streams,
/// otherwise each completion in one piece. Disposing it disposes the inner sampler.
/// </summary>
public abstract class DelegatingSampler : IStreamingSampler, IDisposable
{
    protected DelegatingSampler(ISampler innerSampler)
    {
        ArgumentNullException.ThrowIfNull(innerSampler);
        InnerSampler = innerSampler;
    }

    /// <summary>The sampler calls are passed on to.</summary>
    protected ISampler InnerSampler { get; }

    public virtual string ModelId => InnerSampler.ModelId;

    public virtual Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        InnerSampler.SampleAsync(requests, progress, cancellationToken);

    public virtual IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, CancellationToken cancellationToken = default) =>
        InnerSampler is IStreamingSampler streaming
            ? streaming.StreamAsync(request, cancellationToken)
            : SamplerExtensions.StreamWholeAsync(InnerSampler, request, cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            (InnerSampler as IDisposable)?.Dispose();
    }
}
