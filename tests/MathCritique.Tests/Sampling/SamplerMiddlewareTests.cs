using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static MathCritique.Tests.Sampling.LoopbackOpenAiServer;

namespace MathCritique.Tests.Sampling;

/// <summary>
/// Each middleware around a real <see cref="RemoteSampler"/> on a loopback server that answers "seed=&lt;seed&gt;", so
/// what was sent (and how often) is visible in the server's log.
/// </summary>
public sealed class SamplerMiddlewareTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "mc-middleware-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
            Directory.Delete(_cache, recursive: true);
    }

    private static RemoteSampler Remote(LoopbackOpenAiServer server, string model = "m") => new(new RemoteSamplerOptions
    {
        BaseUrl = server.BaseUrl,
        Model = model,
        ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET",
        RequestTimeout = TimeSpan.FromSeconds(30),
    });

    private static readonly SamplingOptions Sampled = new() { Temperature = 0.7f, MaxTokens = 64, Stop = ["\n\n"] };

    private static long Wire(ulong seed) => (long)(seed & long.MaxValue);

    [Fact]
    public async Task The_cache_key_covers_model_messages_prefix_raw_options_and_seed()
    {
        // A raw prompt goes to /completions, which answers with text.
        using var server = new LoopbackOpenAiServer((_, body) => body["prompt"] is null ? Chat(body) : new Reply(200, new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject { ["text"] = "raw", ["finish_reason"] = "stop" }),
        }.ToJsonString()));
        using var cached = new CachingSampler(Remote(server), _cache);
        var request = SamplingRequest.FromUser("q", options: Sampled, seed: 3);

        await cached.SampleAsync(request);
        await cached.SampleAsync(request);
        Assert.Equal(1, server.Calls);

        var variants = new[]
        {
            request with { Seed = 4 },
            request with { Options = Sampled with { Temperature = 0.8f } },
            request with { Options = Sampled with { TopP = 0.9f } },
            request with { Options = Sampled with { TopK = 5 } },
            request with { Options = Sampled with { MinP = 0.1f } },
            request with { Options = Sampled with { MaxTokens = 65 } },
            request with { Options = Sampled with { Stop = ["\n"] } },
            request with { Messages = [new ChatMessage(ChatRole.User, "Q")] },
            request with { Messages = [new ChatMessage(ChatRole.System, "q")] },
            request with { AssistantPrefix = "Step 1:" },
            request with { RawPrompt = true },
        };
        foreach (var variant in variants)
            await cached.SampleAsync(variant);
        Assert.Equal(1 + variants.Length, server.Calls);
        Assert.Equal(1 + variants.Length, Directory.GetFiles(_cache, "*.json").Length);

        // Another model behind the same directory has its own entries.
        using var otherModel = new CachingSampler(Remote(server, "other"), _cache);
        await otherModel.SampleAsync(request);
        Assert.Equal(2 + variants.Length, server.Calls);

        // Every variant again: all from disk.
        foreach (var variant in variants)
            await cached.SampleAsync(variant);
        Assert.Equal(2 + variants.Length, server.Calls);
    }

    [Fact]
    public async Task The_cache_samples_only_what_is_missing_with_the_seeds_of_the_whole_request()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        using var cached = new CachingSampler(Remote(server), _cache);
        var request = SamplingRequest.FromUser("q", n: 4, options: Sampled, seed: 11);

        var two = await cached.SampleAsync(request with { N = 2 });
        var progress = new List<SamplingProgress>();
        var four = await cached.SampleAsync([request], new SyncProgress(progress.Add), CancellationToken.None);

        // Samples 0 and 1 come from disk; 2 and 3 are asked for with the seeds they have in the whole request.
        Assert.Equal(4, server.Calls);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Wire(request.SeedFor(i))).Order(), server.Received.Select(r => (long)r.Body["seed"]!).Order());
        Assert.Equal(two.Completions, four[0].Completions.Take(2));
        Assert.Equal([0, 1, 2, 3], four[0].Completions.Select(c => c.SampleIndex));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"seed={Wire(request.SeedFor(i))}"), four[0].Completions.Select(c => c.Text));
        Assert.Equal(new SamplingProgress(4, 4, 20), progress[^1]);
    }

    [Fact]
    public async Task A_request_unit_cache_resamples_a_request_as_a_whole()
    {
        const string reply = """
            {"choices":[{"index":0,"message":{"content":"a"},"finish_reason":"stop"},{"index":1,"message":{"content":"b"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":2}}
            """;
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(200, reply));
        using var cached = new CachingSampler(new RemoteSampler(new RemoteSamplerOptions { BaseUrl = server.BaseUrl, UseNParameter = true }), _cache, SamplingUnit.Request);
        var request = SamplingRequest.FromUser("q", n: 2, options: Sampled, seed: 1);

        var first = await cached.SampleAsync(request);
        var second = await cached.SampleAsync(request);

        Assert.Equal(1, server.Calls);
        Assert.Equal(first.Completions, second.Completions);
        Assert.Equal(2, Directory.GetFiles(_cache, "*.json").Length);
    }

    [Fact]
    public async Task The_concurrency_limit_holds_across_calls_and_splits_per_sample()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body) with { Delay = TimeSpan.FromMilliseconds(100) });
        using var limited = new ConcurrencyLimitingSampler(Remote(server), 3);

        var calls = await Task.WhenAll(
            limited.SampleAsync(SamplingRequest.FromUser("a", n: 4, options: Sampled, seed: 1)),
            limited.SampleAsync(SamplingRequest.FromUser("b", n: 4, options: Sampled, seed: 2)));

        Assert.Equal(8, server.Calls);
        Assert.InRange(server.MostInFlight, 2, 3);
        foreach (var result in calls)
        {
            Assert.Equal([0, 1, 2, 3], result.Completions.Select(c => c.SampleIndex));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => $"seed={Wire(result.Request.SeedFor(i))}"), result.Completions.Select(c => c.Text));
        }
    }

    [Fact]
    public async Task A_retry_resamples_only_the_sample_that_failed()
    {
        // The second request the server sees fails once with 503; every other succeeds.
        using var server = new LoopbackOpenAiServer((call, body) => call == 1 ? new Reply(503, "busy") : Chat(body));
        using var sampler = new SamplerBuilder(Remote(server))
            .UseRetry(new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) })
            .UseConcurrencyLimit(1)
            .Build() as IDisposable;
        var request = SamplingRequest.FromUser("q", n: 3, options: Sampled, seed: 8);

        var result = await ((ISampler)sampler!).SampleAsync(request);

        Assert.Equal(4, server.Calls);
        var seeds = server.Received.Select(r => (long)r.Body["seed"]!).ToList();
        Assert.Equal(Enumerable.Range(0, 3).Select(i => Wire(request.SeedFor(i))).Order(), seeds.Distinct().Order());
        Assert.Single(seeds.GroupBy(s => s), g => g.Count() == 2); // only the failed sample was sent twice
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"seed={Wire(request.SeedFor(i))}"), result.Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task A_retry_leaves_permanent_failures_and_follows_its_predicate()
    {
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(503, "busy"));
        using var never = new RetryingSampler(Remote(server), new RetryOptions { BaseDelay = TimeSpan.Zero, IsTransient = _ => false });

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => never.SampleAsync(SamplingRequest.FromUser("q")));
        Assert.Equal(1, server.Calls);
        Assert.DoesNotContain("attempt(s)", e.Message, StringComparison.Ordinal);

        using var twice = new RetryingSampler(Remote(server), new RetryOptions { BaseDelay = TimeSpan.Zero, MaxRetries = 2 });
        e = await Assert.ThrowsAsync<RemoteSamplerException>(() => twice.SampleAsync(SamplingRequest.FromUser("q")));
        Assert.Equal(4, server.Calls);
        Assert.Contains("3 attempt(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_options_validation_rejects_bad_values()
    {
        new RetryOptions().Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions { MaxRetries = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions { BaseDelay = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<ArgumentNullException>(() => new RetryOptions { IsTransient = null! }.Validate());
        Assert.True(RetryOptions.IsTransientByDefault(new HttpRequestException("x")));
        Assert.True(RetryOptions.IsTransientByDefault(new TimeoutException()));
        Assert.False(RetryOptions.IsTransientByDefault(new RemoteSamplerException("bad request")));
        Assert.False(RetryOptions.IsTransientByDefault(new InvalidOperationException()));
    }

    [Fact]
    public async Task Logging_writes_each_call_and_its_failure()
    {
        using var server = new LoopbackOpenAiServer((call, body) => call == 0 ? Chat(body) : new Reply(400, "no"));
        var logger = new ListLogger();
        using var logged = new LoggingSampler(Remote(server), logger);

        await logged.SampleAsync(SamplingRequest.FromUser("q", n: 1, options: Sampled));
        await Assert.ThrowsAsync<RemoteSamplerException>(() => logged.SampleAsync(SamplingRequest.FromUser("q2")));

        var entries = logger.Entries.ToArray();
        Assert.Equal([LogLevel.Debug, LogLevel.Information, LogLevel.Debug, LogLevel.Warning], entries.Select(e => e.Level));
        Assert.Contains("m@" + server.BaseUrl, entries[1].Message, StringComparison.Ordinal);
        Assert.Contains("5 tokens", entries[1].Message, StringComparison.Ordinal);
        Assert.IsType<RemoteSamplerException>(entries[3].Exception);
        Assert.Contains("HTTP 400", entries[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_builder_nests_in_its_documented_order_whatever_the_call_order()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        var logger = new ListLogger();
        var built = new SamplerBuilder(Remote(server))
            .UseLogging(logger)
            .UseConcurrencyLimit(2)
            .UseRetry()
            .UseDiskCache(_cache)
            .Build();
        using var disposable = (IDisposable)built;

        Assert.IsType<LoggingSampler>(built);
        var request = SamplingRequest.FromUser("q", n: 2, options: Sampled);
        await built.SampleAsync(request);
        await built.SampleAsync(request);

        // Logging is outside the cache: both calls are logged, one reached the server.
        Assert.Equal(2, server.Calls);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Information));
        Assert.Same(new SamplerBuilder(built).Build(), built); // nothing added: the inner sampler itself
    }

    [Fact]
    public async Task A_server_that_does_not_stream_is_streamed_a_completion_at_a_time()
    {
        // The loopback server answers stream: true with a plain JSON completion, as a server without streaming would.
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        using var remote = Remote(server);
        var request = SamplingRequest.FromUser("q", n: 2, options: Sampled, seed: 2);

        var updates = new List<SamplingUpdate>();
        await foreach (var update in remote.StreamAsync(request))
            updates.Add(update);

        var expected = (await remote.SampleAsync(request)).Completions;
        Assert.Equal(4, updates.Count);
        Assert.Equal(expected, updates.Where(u => u.Completion is not null).Select(u => u.Completion!).OrderBy(c => c.SampleIndex));
        for (int i = 0; i < 2; i++)
            Assert.Equal(expected[i].Text, string.Concat(updates.Where(u => u.SampleIndex == i).Select(u => u.Text)));
    }

    [Fact]
    public async Task A_cached_request_is_streamed_from_disk()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        using var cached = new CachingSampler(Remote(server), _cache);
        var request = SamplingRequest.FromUser("q", n: 2, options: Sampled, seed: 2);

        var streamed = new List<Completion>();
        await foreach (var update in cached.StreamAsync(request))
        {
            if (update.Completion is { } c)
                streamed.Add(c);
        }
        var again = await cached.SampleAsync(request);

        Assert.Equal(2, server.Calls);
        Assert.Equal(streamed.OrderBy(c => c.SampleIndex), again.Completions);
    }

    [Fact]
    public void A_subset_has_the_seeds_of_the_whole_request()
    {
        var request = SamplingRequest.FromUser("q", n: 8, seed: 12345);
        var subset = request.Subset(3, 4);

        Assert.Equal(4, subset.N);
        Assert.Equal(Enumerable.Range(3, 4).Select(request.SeedFor), Enumerable.Range(0, 4).Select(subset.SeedFor));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.Subset(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.Subset(-1, 1));
    }

    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress(Action<SamplingProgress> report) : IProgress<SamplingProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SamplingProgress value)
        {
            lock (_gate)
                report(value);
        }
    }

    /// <summary>A log sink that keeps what it is given.</summary>
    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
