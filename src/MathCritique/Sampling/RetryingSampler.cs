using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace MathCritique.Sampling;

/// <summary>
/// Middleware that tries a failed request again when the failure is transient (<see cref="RetryOptions.IsTransient"/>),
/// waiting longer each time. Each request of a call is its own inner call and is retried on its own, so a request that
/// succeeded is never sampled again; under a per-sample <see cref="ConcurrencyLimitingSampler"/> (as
/// <see cref="SamplerBuilder"/> puts it) each inner call is one sample. When the retries run out, the last failure is
/// reported (a <see cref="SamplingException"/> as <see cref="SamplingException.AfterAttempts"/> words it).
/// </summary>
public sealed class RetryingSampler : DelegatingSampler
{
    private readonly RetryOptions _options;

    public RetryingSampler(ISampler innerSampler, RetryOptions? options = null)
        : base(innerSampler)
    {
        _options = options ?? new RetryOptions();
        _options.Validate();
    }

    public override async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var call = new CallParts(requests, progress);
        var results = await CallParts.WhenAllAsync(requests.Select(request => (Func<CancellationToken, Task<IReadOnlyList<SamplingResult>>>)(token =>
        {
            var part = call.Part();
            return WithRetriesAsync(attempt => InnerSampler.SampleAsync([request], part, attempt), token);
        })), cancellationToken).ConfigureAwait(false);
        return results.Select(r => r[0]).ToArray();
    }

    /// <summary>Retries a stream only until its first update: text already handed out cannot be taken back.</summary>
    public override async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            var updates = base.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool any;
            try
            {
                any = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (ShouldRetry(e, attempt, cancellationToken))
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(_options.DelayBefore(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                throw GiveUp(e, attempt);
            }
            try
            {
                while (any)
                {
                    yield return updates.Current;
                    any = await updates.MoveNextAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
            yield break;
        }
    }

    private async Task<T> WithRetriesAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (int n = 1; ; n++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ShouldRetry(e, n, cancellationToken))
            {
                await Task.Delay(_options.DelayBefore(n), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SamplingException && !cancellationToken.IsCancellationRequested)
            {
                throw GiveUp(e, n);
            }
        }
    }

    private bool ShouldRetry(Exception e, int attempts, CancellationToken cancellationToken) =>
        attempts <= _options.MaxRetries && !cancellationToken.IsCancellationRequested && _options.IsTransient(e);

    /// <summary>The failure that ends the last attempt, worded to name the attempts when it was transient.</summary>
    private Exception GiveUp(Exception e, int attempts)
    {
        if (e is SamplingException sampling && _options.IsTransient(e))
            return sampling.AfterAttempts(attempts);
        ExceptionDispatchInfo.Capture(e).Throw();
        return e;
    }
}
