using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>The shipped lab actor (models/lab-actor.gguf) loaded once for the class.</summary>
public sealed class LabActorFixture : IAsyncLifetime
{
    public LlamaSampler Sampler { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        NativeLogging.Suppress();
        Sampler = await LlamaSampler.LoadAsync(RepositoryModels.PathOf("lab-actor.gguf"), new LlamaEngineOptions { ContextSize = 4096, MaxParallelSequences = 8, Threads = 2 });
    }

    public Task DisposeAsync()
    {
        Sampler.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Middleware around the in-process engine on the lab actor: the cache answers repeats without sampling, retry recovers
/// from a transient fault, and neither changes a completion (sample i keeps seed SeedFor(i) however a call is split).
/// </summary>
public sealed class SamplerPipelineTests(LabActorFixture actor) : IClassFixture<LabActorFixture>, IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("mc-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private static readonly SamplingOptions Hot = new() { Temperature = 1f, MaxTokens = 48 };

    private static SamplingRequest Question(string question, int n, ulong seed) =>
        SamplingRequest.FromUser($"Solve step by step: {question}", n, Hot, seed);

    [Fact]
    public async Task Cache_and_retry_around_the_engine_give_its_completions_and_answer_repeats_from_disk()
    {
        var requests = new[] { Question("What is 17 + 25?", 3, 7), Question("What is 6 * 8?", 2, 9) };
        var direct = await actor.Sampler.SampleAsync(requests);

        var counted = new CountingSampler(actor.Sampler);
        var faulty = new FailingOnce(counted, new TimeoutException("injected: the engine did not answer"));
        var pipeline = new SamplerBuilder(faulty)
            .UseDiskCache(_cache)
            .UseRetry(new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5) })
            .Build();

        var first = await pipeline.SampleAsync(requests);
        Assert.Equal(1, faulty.Failures); // the injected fault happened and was retried
        Assert.Equal(5, counted.Samples);
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(direct[r].Completions, first[r].Completions);

        var again = await pipeline.SampleAsync(requests);
        Assert.Equal(5, counted.Samples); // nothing sampled again
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(first[r].Completions, again[r].Completions);

        // More samples of a cached request: only the new ones are sampled, with the seeds of the whole request.
        var wider = Question("What is 17 + 25?", 5, 7);
        var widened = await pipeline.SampleAsync(wider);
        Assert.Equal(7, counted.Samples);
        Assert.Equal((await actor.Sampler.SampleAsync(wider)).Completions, widened.Completions);
    }

    [Fact]
    public async Task Retry_leaves_a_failure_that_is_not_transient()
    {
        var counted = new CountingSampler(actor.Sampler);
        var faulty = new FailingOnce(counted, new InvalidOperationException("a defect, not worth retrying"));
        var retrying = new RetryingSampler(faulty, new RetryOptions { BaseDelay = TimeSpan.Zero });

        await Assert.ThrowsAsync<InvalidOperationException>(() => retrying.SampleAsync(Question("What is 2 + 2?", 1, 1)));
        Assert.Equal(1, faulty.Failures);
        Assert.Equal(0, counted.Samples);
    }

    [Fact]
    public async Task Streaming_gives_the_sampled_text_in_pieces()
    {
        var request = Question("What is 9 + 14?", 2, 4);
        var expected = (await actor.Sampler.SampleAsync(request)).Completions;

        var updates = new List<SamplingUpdate>();
        await foreach (var update in actor.Sampler.StreamAsync(request))
            updates.Add(update);

        Assert.Equal(expected, updates.Where(u => u.Completion is not null).Select(u => u.Completion!));
        for (int i = 0; i < 2; i++)
        {
            var pieces = updates.Where(u => u.SampleIndex == i && u.Completion is null).Select(u => u.Text).ToList();
            Assert.True(pieces.Count > 1, "text arrives in pieces");
            Assert.Equal(expected[i].Text, string.Concat(pieces));
        }
    }

    [Fact]
    public async Task Any_chat_client_is_a_sampler_with_a_seed_per_sample()
    {
        // ISampler → IChatClient → ISampler: each sample is a chat call with seed SeedFor(i) (low 63 bits).
        using var client = new LlamaChatClient(actor.Sampler);
        var sampler = new ChatClientSampler(client);
        var request = Question("What is 30 - 12?", 2, 3) with { Options = Hot with { TopK = 40, Stop = ["\n\n"] } };

        var viaClient = (await sampler.SampleAsync(request)).Completions;

        Assert.Equal(actor.Sampler.ModelId, sampler.ModelId);
        for (int i = 0; i < 2; i++)
        {
            var seed = (ulong)(request.SeedFor(i) & long.MaxValue);
            var direct = (await actor.Sampler.SampleAsync(request with { N = 1, Seed = seed })).Completions[0];
            Assert.Equal(i, viaClient[i].SampleIndex);
            Assert.Equal((direct.Text, direct.PromptTokens, direct.GeneratedTokens), (viaClient[i].Text, viaClient[i].PromptTokens, viaClient[i].GeneratedTokens));
            // A chat client says "length" or "stop"; which stop it was is not in its answer.
            Assert.Equal(direct.FinishReason == FinishReason.MaxTokens, viaClient[i].FinishReason == FinishReason.MaxTokens);
        }
        await Assert.ThrowsAsync<NotSupportedException>(() => sampler.SampleAsync(request with { RawPrompt = true }));

        // It does not stream; AsStreamingSampler streams each of its completions in one piece.
        var updates = new List<SamplingUpdate>();
        await foreach (var update in sampler.AsStreamingSampler().StreamAsync(request))
            updates.Add(update);
        Assert.Equal(4, updates.Count);
        Assert.Equal(viaClient, updates.Where(u => u.Completion is not null).Select(u => u.Completion!));
        Assert.Equal(viaClient.Select(c => c.Text), updates.Where(u => u.Completion is null).Select(u => u.Text));
    }

    /// <summary>Counts the samples that reach the engine.</summary>
    private sealed class CountingSampler(ISampler inner) : DelegatingSampler(inner)
    {
        private int _samples;

        public int Samples => Volatile.Read(ref _samples);

        public override Task<IReadOnlyList<SamplingResult>> SampleAsync(
            IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref _samples, requests.Sum(r => r.N));
            return base.SampleAsync(requests, progress, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            // The fixture owns the engine.
        }
    }

    /// <summary>Injects a fault a healthy in-process engine cannot produce: the first call fails before reaching it.</summary>
    private sealed class FailingOnce(ISampler inner, Exception fault) : DelegatingSampler(inner)
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public override Task<IReadOnlyList<SamplingResult>> SampleAsync(
            IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
            Interlocked.CompareExchange(ref _failures, 1, 0) == 0
                ? Task.FromException<IReadOnlyList<SamplingResult>>(fault)
                : base.SampleAsync(requests, progress, cancellationToken);
    }
}
