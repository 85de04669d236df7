using System.Runtime.ExceptionServices;

namespace MathCritique.Sampling;

/// <summary>
/// What middleware needs to split one call into parts run concurrently: the caller's progress as the sum of the parts'
/// (never going backwards), the first failure cancelling the other parts and being what the caller sees, and the
/// completions of a <see cref="SamplingRequest.Subset"/> renumbered as samples of the whole request.
/// </summary>
internal sealed class CallParts
{
    private readonly IProgress<SamplingProgress>? _progress;
    private readonly int _total;
    private readonly Lock _gate = new();
    private int _done;
    private long _tokens;

    /// <summary>Starts a call: checks every request (so a bad one fails before any part starts) and reports 0 done.</summary>
    public CallParts(IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            request.Validate();
        }
        _progress = progress;
        _total = requests.Sum(r => r.N);
        progress?.Report(new SamplingProgress(0, _total, 0));
    }

    /// <summary>Counts completions the caller gets without a part sampling them (a cache hit).</summary>
    public void Add(IEnumerable<Completion> completions)
    {
        if (_progress is null)
            return;
        foreach (var completion in completions)
            Credit(1, completion.GeneratedTokens);
    }

    /// <summary>A progress for one part; reports of several attempts of the part count once.</summary>
    public IProgress<SamplingProgress>? Part() => _progress is null ? null : new PartProgress(this);

    private void Credit(int done, long tokens)
    {
        // Count and report together: parts finish concurrently, and a report must never go backwards.
        lock (_gate)
        {
            _done += done;
            _tokens += tokens;
            _progress!.Report(new SamplingProgress(_done, _total, _tokens));
        }
    }

    /// <summary>
    /// Runs <paramref name="parts"/> concurrently. One failure cancels the others, and the caller sees that failure,
    /// not the cancellations it caused.
    /// </summary>
    public static async Task<T[]> WhenAllAsync<T>(IEnumerable<Func<CancellationToken, Task<T>>> parts, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = parts.Select(async part =>
        {
            try
            {
                return await part(failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToArray();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (tasks.FirstOrDefault(t => t.IsFaulted)?.Exception is { } e)
                ExceptionDispatchInfo.Throw(e.InnerException ?? e);
            throw;
        }
    }

    /// <summary>The completions of <c>request.Subset(first, …)</c> as samples first, first + 1, … of the whole request.</summary>
    public static IEnumerable<Completion> Renumber(IEnumerable<Completion> completions, int first) =>
        first == 0 ? completions : completions.Select(c => c with { SampleIndex = c.SampleIndex + first });

    private sealed class PartProgress(CallParts call) : IProgress<SamplingProgress>
    {
        private int _done;
        private long _tokens;

        public void Report(SamplingProgress value)
        {
            int done;
            long tokens;
            lock (call._gate)
            {
                // The most this part has reported: a retried attempt counts again from 0 and must not count twice.
                done = Math.Max(0, value.CompletionsDone - _done);
                tokens = Math.Max(0, value.TokensGenerated - _tokens);
                _done += done;
                _tokens += tokens;
            }
            if (done > 0 || tokens > 0)
                call.Credit(done, tokens);
        }
    }
}
