using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace MathCritique.Sampling;

/// <summary>
/// Middleware that keeps every completion on disk (one small JSON file each, written atomically) and answers a repeated
/// sample from there instead of sampling it again. A sample's key covers everything that decides it: the model
/// (<see cref="ISampler.ModelId"/>), the messages, the prefix, whether the prompt is raw, the options and the sample's
/// seed (<see cref="SamplingRequest.SeedFor"/>; with <see cref="SamplingUnit.Request"/>, the request's seed, N and the
/// sample's index). Only the samples not on disk are sampled, each request with misses in its own inner call.
/// </summary>
public sealed class CachingSampler : DelegatingSampler
{
    private readonly CompletionCache _cache;
    private readonly SamplingUnit _unit;

    public CachingSampler(ISampler innerSampler, string directory, SamplingUnit unit = SamplingUnit.Sample)
        : base(innerSampler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _cache = new CompletionCache(directory);
        _unit = unit;
    }

    public override async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var call = new CallParts(requests, progress);
        var completions = await CallParts.WhenAllAsync(requests.Select(request => (Func<CancellationToken, Task<Completion[]>>)(async token =>
        {
            var keys = Enumerable.Range(0, request.N).Select(i => KeyOf(request, i)).ToArray();
            var found = new Completion?[request.N];
            for (int i = 0; i < request.N; i++)
                found[i] = await _cache.TryReadAsync(keys[i], i, token).ConfigureAwait(false);
            call.Add(found.OfType<Completion>());
            // A request sampled as a whole is sampled again as a whole when any of it is missing.
            var missing = MissingRuns(found);
            if (missing.Count == 0)
                return All(found);
            if (_unit == SamplingUnit.Request)
                missing = [(0, request.N)];
            var subsets = missing.Select(run => request.Subset(run.First, run.Count)).ToArray();
            var sampled = await InnerSampler.SampleAsync(subsets, call.Part(), token).ConfigureAwait(false);
            for (int s = 0; s < subsets.Length; s++)
            {
                foreach (var completion in CallParts.Renumber(sampled[s].Completions, missing[s].First))
                {
                    await _cache.WriteAsync(keys[completion.SampleIndex], completion, token).ConfigureAwait(false);
                    found[completion.SampleIndex] = completion;
                }
            }
            return All(found);
        })), cancellationToken).ConfigureAwait(false);
        return requests.Select((r, k) => new SamplingResult(r, completions[k])).ToArray();
    }

    /// <summary>Replays a request that is all on disk; otherwise streams it from the inner sampler and stores each completion.</summary>
    public override async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var keys = Enumerable.Range(0, request.N).Select(i => KeyOf(request, i)).ToArray();
        var cached = new List<Completion>();
        for (int i = 0; i < request.N && await _cache.TryReadAsync(keys[i], i, cancellationToken).ConfigureAwait(false) is { } c; i++)
            cached.Add(c);
        if (cached.Count == request.N)
        {
            foreach (var completion in cached)
            {
                if (completion.Text.Length > 0)
                    yield return new SamplingUpdate(completion.SampleIndex, completion.Text);
                yield return SamplingUpdate.Finished(completion);
            }
            yield break;
        }
        await foreach (var update in base.StreamAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Completion is { } completion)
                await _cache.WriteAsync(keys[completion.SampleIndex], completion, cancellationToken).ConfigureAwait(false);
            yield return update;
        }
    }

    /// <summary>The cache key of sample <paramref name="index"/> of <paramref name="request"/>.</summary>
    internal string KeyOf(SamplingRequest request, int index)
    {
        var o = request.Options;
        var identity = new JsonObject
        {
            ["model"] = ModelId,
            ["raw"] = request.RawPrompt,
            ["messages"] = new JsonArray(request.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text }).ToArray()),
            ["prefix"] = request.AssistantPrefix,
            ["temperature"] = o.Temperature,
            ["top_p"] = o.TopP,
            ["top_k"] = o.TopK,
            ["min_p"] = o.MinP,
            ["max_tokens"] = o.MaxTokens,
            ["stop"] = new JsonArray(o.Stop.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["tool"] = o.Tool?.Name,
        };
        if (_unit == SamplingUnit.Request)
        {
            identity["seed"] = request.Seed;
            identity["n"] = request.N;
            identity["sample"] = index;
        }
        else
        {
            identity["seed"] = request.SeedFor(index);
        }
        return CompletionCache.KeyOf(identity.ToJsonString());
    }

    private static Completion[] All(Completion?[] found) => found.Select(c => c!).ToArray();

    /// <summary>The runs of consecutive samples not found, as (first, count).</summary>
    private static List<(int First, int Count)> MissingRuns(Completion?[] found)
    {
        var runs = new List<(int First, int Count)>();
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] is not null)
                continue;
            if (runs.Count > 0 && runs[^1].First + runs[^1].Count == i)
                runs[^1] = (runs[^1].First, runs[^1].Count + 1);
            else
                runs.Add((i, 1));
        }
        return runs;
    }
}
