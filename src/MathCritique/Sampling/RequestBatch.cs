using Microsoft.Extensions.AI;

namespace MathCritique.Sampling;

/// <summary>
/// Collects single-completion requests from many call sites, sends them to a sampler in one call
/// (so the engine can batch them), and hands each caller its completion. Identical requests
/// (same prompt, options and seed) are sent once.
/// </summary>
public sealed class RequestBatch
{
    private readonly Queue _queue;
    private readonly string? _scope;

    public RequestBatch(ISampler sampler) : this(new Queue(sampler ?? throw new ArgumentNullException(nameof(sampler))), null)
    {
    }

    private RequestBatch(Queue queue, string? scope) => (_queue, _scope) = (queue, scope);

    public int Count => _queue.Requests.Count;

    /// <summary>
    /// The same batch, with the completions of requests queued through it counting their <see cref="Completion.SharedPrefixTokens"/>
    /// against the earlier requests of <paramref name="scope"/> (one problem's calls, say), in the order they were queued,
    /// over every send of the batch. An identical request already queued by another scope is sent once and counted there.
    /// </summary>
    public RequestBatch ForScope(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new RequestBatch(_queue, scope);
    }

    /// <summary>Queues one completion of a single user message; the task completes on <see cref="SendAsync"/>.</summary>
    public Task<Completion> Add(string userMessage, SamplingOptions options, ulong seed) => AddContinuation(userMessage, null, options, seed);

    /// <summary>Queues one completion that continues the assistant's reply from <paramref name="assistantPrefix"/>.</summary>
    public Task<Completion> AddContinuation(string userMessage, string? assistantPrefix, SamplingOptions options, ulong seed)
    {
        var key = (userMessage, assistantPrefix, options, seed);
        if (!_queue.Index.TryGetValue(key, out int at))
        {
            at = _queue.Requests.Count;
            _queue.Index[key] = at;
            _queue.Requests.Add(new SamplingRequest
            {
                Messages = [new ChatMessage(ChatRole.User, userMessage)],
                AssistantPrefix = string.IsNullOrEmpty(assistantPrefix) ? null : assistantPrefix,
                Options = options,
                Seed = seed,
                N = 1,
            });
            _queue.Scopes.Add(_scope);
            _queue.Pending.Add(new TaskCompletionSource<Completion>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        return _queue.Pending[at].Task;
    }

    /// <summary>Sends every queued request in one sampler call and clears the batch.</summary>
    public Task SendAsync(IProgress<SamplingProgress>? progress, CancellationToken cancellationToken) => _queue.SendAsync(progress, cancellationToken);

    /// <summary>What every view of one batch (<see cref="ForScope"/>) queues into and sends.</summary>
    private sealed class Queue(ISampler sampler)
    {
        public List<SamplingRequest> Requests { get; } = [];
        public List<string?> Scopes { get; } = [];
        public Dictionary<(string Prompt, string? Prefix, SamplingOptions Options, ulong Seed), int> Index { get; } = [];
        public List<TaskCompletionSource<Completion>> Pending { get; } = [];
        private readonly Dictionary<string, PromptPrefixes> _prefixes = new(StringComparer.Ordinal);

        public async Task SendAsync(IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
        {
            if (Requests.Count == 0)
                return;
            var requests = Requests.ToArray();
            var scopes = Scopes.ToArray();
            var pending = Pending.ToArray();
            Requests.Clear();
            Scopes.Clear();
            Pending.Clear();
            Index.Clear();
            try
            {
                var results = await sampler.SampleAsync(requests, progress, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < pending.Length; i++)
                    pending[i].SetResult(Counted(scopes[i], requests[i], results[i].Completions[0]));
            }
            catch (Exception e)
            {
                foreach (var p in pending)
                    p.TrySetException(e);
                throw;
            }
        }

        private Completion Counted(string? scope, SamplingRequest request, Completion completion)
        {
            if (scope is null)
                return completion;
            if (!_prefixes.TryGetValue(scope, out var prefixes))
                _prefixes[scope] = prefixes = new PromptPrefixes();
            return completion with { SharedPrefixTokens = prefixes.SharedTokens(PromptPrefixes.TextOf(request), completion.PromptTokens) };
        }
    }
}
