using System.Runtime.CompilerServices;

namespace MathCritique.Sampling;

/// <summary>
/// Middleware that keeps at most a given number of units (<see cref="SamplingUnit"/>: samples, or whole requests) in
/// flight in the inner sampler, across all calls: each unit is its own inner call and waits for a free slot. What a
/// remote server needs (one HTTP request per unit); an in-process engine batches better without it.
/// </summary>
public sealed class ConcurrencyLimitingSampler : DelegatingSampler
{
    private readonly SemaphoreSlim _slots;
    private readonly SamplingUnit _unit;

    public ConcurrencyLimitingSampler(ISampler innerSampler, int maxInFlight, SamplingUnit unit = SamplingUnit.Sample)
        : base(innerSampler)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        MaxInFlight = maxInFlight;
        _unit = unit;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public int MaxInFlight { get; }

    public override async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var call = new CallParts(requests, progress);
        var units = new List<(int Request, int First, SamplingRequest Part)>();
        for (int r = 0; r < requests.Count; r++)
        {
            if (_unit == SamplingUnit.Request)
                units.Add((r, 0, requests[r]));
            else
                units.AddRange(Enumerable.Range(0, requests[r].N).Select(i => (r, i, requests[r].Subset(i, 1))));
        }
        var sampled = await CallParts.WhenAllAsync(units.Select(unit => (Func<CancellationToken, Task<IEnumerable<Completion>>>)(async token =>
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var results = await InnerSampler.SampleAsync([unit.Part], call.Part(), token).ConfigureAwait(false);
                return CallParts.Renumber(results[0].Completions, unit.First);
            }
            finally
            {
                _slots.Release();
            }
        })), cancellationToken).ConfigureAwait(false);
        var completions = requests.Select(r => new Completion[r.N]).ToArray();
        for (int k = 0; k < units.Count; k++)
        {
            foreach (var completion in sampled[k])
                completions[units[k].Request][completion.SampleIndex] = completion;
        }
        return requests.Select((request, r) => new SamplingResult(request, completions[r])).ToArray();
    }

    /// <summary>
    /// Streams a one-unit request while holding one slot. A request of several samples under a per-sample limit is
    /// sampled sample by sample within the limit and then streamed whole.
    /// </summary>
    public override async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_unit == SamplingUnit.Sample && request.N > 1)
        {
            await foreach (var update in SamplerExtensions.StreamWholeAsync(this, request, cancellationToken).ConfigureAwait(false))
                yield return update;
            yield break;
        }
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var update in base.StreamAsync(request, cancellationToken).ConfigureAwait(false))
                yield return update;
        }
        finally
        {
            _slots.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _slots.Dispose();
        base.Dispose(disposing);
    }
}
