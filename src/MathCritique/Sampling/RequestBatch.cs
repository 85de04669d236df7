using Microsoft.Extensions.AI;

namespace MathCritique.Sampling;

/// <summary>
/// Collects single-completion requests from many call sites, sends them to a sampler in one call
/// (so the engine can batch them), and hands each caller its completion. Identical requests
/// (same prompt, options and seed) are sent once.
/// </summary>
public sealed class RequestBatch(ISampler sampler)
{
    private readonly List<SamplingRequest> _requests = [];
    private readonly Dictionary<(string Prompt, string? Prefix, SamplingOptions Options, ulong Seed), int> _index = [];
    private readonly List<TaskCompletionSource<Completion>> _pending = [];

    public int Count => _requests.Count;

    /// <summary>Queues one completion of a single user message; the task completes on <see cref="SendAsync"/>.</summary>
    public Task<Completion> Add(string userMessage, SamplingOptions options, ulong seed) => AddContinuation(userMessage, null, options, seed);

    /// <summary>Queues one completion that continues the assistant's reply from <paramref name="assistantPrefix"/>.</summary>
    public Task<Completion> AddContinuation(string userMessage, string? assistantPrefix, SamplingOptions options, ulong seed)
    {
        var key = (userMessage, assistantPrefix, options, seed);
        if (!_index.TryGetValue(key, out int at))
        {
            at = _requests.Count;
            _index[key] = at;
            _requests.Add(new SamplingRequest
            {
                Messages = [new ChatMessage(ChatRole.User, userMessage)],
                AssistantPrefix = string.IsNullOrEmpty(assistantPrefix) ? null : assistantPrefix,
                Options = options,
                Seed = seed,
                N = 1,
            });
            _pending.Add(new TaskCompletionSource<Completion>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        return _pending[at].Task;
    }

    /// <summary>Sends every queued request in one sampler call and clears the batch.</summary>
    public async Task SendAsync(IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        if (_requests.Count == 0)
            return;
        var requests = _requests.ToArray();
        var pending = _pending.ToArray();
        _requests.Clear();
        _pending.Clear();
        _index.Clear();
        try
        {
            var results = await sampler.SampleAsync(requests, progress, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < pending.Length; i++)
                pending[i].SetResult(results[i].Completions[0]);
        }
        catch (Exception e)
        {
            foreach (var p in pending)
                p.TrySetException(e);
            throw;
        }
    }
}
