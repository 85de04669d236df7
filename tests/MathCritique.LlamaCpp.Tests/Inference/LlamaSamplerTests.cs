using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using Xunit.Abstractions;

namespace MathCritique.LlamaCpp.Tests.Inference;

public sealed class LlamaSamplerTests(TinyModelFixture model, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    private LlamaSampler Sampler => model.Sampler;

    private static SamplingOptions Hot(int maxTokens = 24) => new() { Temperature = 1f, MaxTokens = maxTokens };

    private static SamplingOptions Cold(int maxTokens = 24) => new() { MaxTokens = maxTokens };

    [Fact]
    public async Task The_same_seed_gives_the_same_text_and_other_seeds_differ()
    {
        var first = await Sampler.SampleAsync(SamplingRequest.FromUser("What is 2 + 2?", n: 3, Hot(), seed: 11));
        var again = await Sampler.SampleAsync(SamplingRequest.FromUser("What is 2 + 2?", n: 3, Hot(), seed: 11));
        var other = await Sampler.SampleAsync(SamplingRequest.FromUser("What is 2 + 2?", n: 3, Hot(), seed: 12));
        foreach (var c in first.Completions)
            output.WriteLine($"{c.FinishReason} {c.GeneratedTokens}: {c.Text}");

        Assert.Equal(first.Completions.Select(c => c.Text), again.Completions.Select(c => c.Text));
        Assert.NotEqual(first.Completions.Select(c => c.Text), other.Completions.Select(c => c.Text));
        // The N samples of one request use different seeds too.
        Assert.True(first.Completions.Select(c => c.Text).Distinct().Count() > 1);
        Assert.All(first.Completions, c => Assert.True(c.GeneratedTokens > 0));
    }

    // Writes its text once, as soon as the completion has at least `after` characters.
    private sealed class WriteOnce(int after, string text) : IInlineTool
    {
        public string Name => "write-once";

        public List<string> Seen { get; } = [];

        public string? TextAfter(string completion)
        {
            lock (Seen)
                Seen.Add(completion);
            return completion.Length >= after && !completion.Contains(text, StringComparison.Ordinal) ? text : null;
        }
    }

    [Fact]
    public async Task An_inline_tool_writes_into_the_completion_and_the_model_goes_on_from_there()
    {
        var plain = (await Sampler.SampleAsync(SamplingRequest.FromUser("Tell me a story.", options: Cold(30)))).Completions[0];
        var tool = new WriteOnce(after: 4, "<42>");
        var result = await Sampler.SampleAsync(SamplingRequest.FromUser("Tell me a story.", n: 2, Cold(30) with { Tool = tool }));
        output.WriteLine($"{plain.Text} | {result.Completions[0].Text}");

        var text = result.Completions[0].Text;
        int at = text.IndexOf("<42>", StringComparison.Ordinal);
        Assert.True(at >= 4, text);
        // Up to the insertion the text is the model's own (greedy), after it the model continues within the budget.
        Assert.Equal(plain.Text[..at], text[..at]);
        Assert.InRange(result.Completions[0].GeneratedTokens, at + 4, 30);
        if (result.Completions[0].FinishReason == FinishReason.MaxTokens)
            Assert.True(text.Length > at + 4, text);
        Assert.Equal(text, result.Completions[1].Text);
        // The tool saw every prefix of the completion as it grew, the inserted text included.
        Assert.Contains(tool.Seen, s => s.EndsWith("<42>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Greedy_samples_of_one_prompt_are_identical_and_counted()
    {
        var result = await Sampler.SampleAsync(SamplingRequest.FromUser("Solve x + 1 = 3.", n: 4, Cold()));
        Assert.Equal(4, result.Completions.Count);
        Assert.Equal([0, 1, 2, 3], result.Completions.Select(c => c.SampleIndex));
        Assert.Single(result.Completions.Select(c => c.Text).Distinct());
        var promptTokens = Sampler.FormatPrompt(result.Request).Length; // byte-level vocabulary: one token per byte, except control tokens
        Assert.All(result.Completions, c => Assert.InRange(c.PromptTokens, 10, promptTokens));
        Assert.Single(result.Completions.Select(c => c.PromptTokens).Distinct());
    }

    [Fact]
    public async Task Max_tokens_ends_a_completion()
    {
        var result = await Sampler.SampleAsync(SamplingRequest.FromUser("Count to ten.", n: 2, Hot(maxTokens: 5), seed: 3));
        Assert.All(result.Completions, c =>
        {
            Assert.True(c.GeneratedTokens <= 5);
            if (c.FinishReason == FinishReason.MaxTokens)
                Assert.Equal(5, c.GeneratedTokens);
        });
        Assert.Contains(result.Completions, c => c.FinishReason == FinishReason.MaxTokens);
    }

    [Fact]
    public async Task A_stop_string_cuts_the_text_before_it()
    {
        var free = (await Sampler.SampleAsync(SamplingRequest.FromUser("Tell me a story.", options: Cold(40)))).Completions[0];
        output.WriteLine(free.Text);
        Assert.True(free.Text.Length >= 8, $"free run too short: '{free.Text}'");
        var stop = free.Text.Substring(free.Text.Length / 2, 2);
        int at = free.Text.IndexOf(stop, StringComparison.Ordinal);

        var cut = (await Sampler.SampleAsync(SamplingRequest.FromUser("Tell me a story.", options: Cold(40) with { Stop = ["never appears \u2603", stop] }))).Completions[0];
        Assert.Equal(FinishReason.StopString, cut.FinishReason);
        Assert.Equal(free.Text[..at], cut.Text);
        Assert.True(cut.GeneratedTokens < free.GeneratedTokens);
    }

    [Fact]
    public async Task Many_requests_in_one_call_match_the_same_requests_one_by_one()
    {
        var requests = new[]
        {
            SamplingRequest.FromUser("First question?", n: 2, Cold(16)),
            SamplingRequest.FromUser("A second, longer question about numbers?", n: 1, Hot(16), seed: 5),
            SamplingRequest.FromUser("First question?", n: 3, Hot(16), seed: 9),
            new SamplingRequest { Messages = SamplingRequest.FromUser("Third").Messages, AssistantPrefix = "Step 1:", N = 2, Options = Hot(16), Seed = 2 },
        };
        var together = await Sampler.SampleAsync(requests);
        Assert.Equal(requests.Length, together.Count);
        for (int r = 0; r < requests.Length; r++)
        {
            var alone = await Sampler.SampleAsync(requests[r]);
            Assert.Same(requests[r], together[r].Request);
            Assert.Equal(requests[r].N, together[r].Completions.Count);
            Assert.Equal(alone.Completions.Select(c => c.Text), together[r].Completions.Select(c => c.Text));
        }
    }

    [Fact]
    public async Task More_samples_than_parallel_sequences_are_queued_with_the_same_results()
    {
        using var narrow = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 2));
        var requests = new[]
        {
            SamplingRequest.FromUser("Queue me", n: 5, Hot(12), seed: 4),
            SamplingRequest.FromUser("And me too", n: 3, Hot(12), seed: 8),
        };
        var progress = new List<SamplingProgress>();
        var queued = await narrow.SampleAsync(requests, new SyncProgress(progress.Add));
        var wide = await Sampler.SampleAsync(requests);
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(wide[r].Completions.Select(c => c.Text), queued[r].Completions.Select(c => c.Text));
        Assert.Equal(8, progress.Count);
        Assert.Equal(8, progress[^1].CompletionsDone);
        Assert.Equal(8, progress[^1].CompletionsTotal);
        Assert.Equal(queued.Sum(r => r.Completions.Sum(c => (long)c.GeneratedTokens)), progress[^1].TokensGenerated);
    }

    [Fact]
    public async Task Samples_longer_than_the_context_allows_stop_at_its_end_and_wait_for_room()
    {
        // Each sample may need most of the 512 cells, so they run one after another in reused sequences.
        var result = await Sampler.SampleAsync(SamplingRequest.FromUser("Go on forever", n: 3, Cold(maxTokens: 5000)));
        Assert.All(result.Completions, c =>
        {
            output.WriteLine($"{c.FinishReason} {c.PromptTokens}+{c.GeneratedTokens}");
            // The last sampled token is never decoded, so prompt + completion fill the 512 cells plus one.
            Assert.True(c.PromptTokens + c.GeneratedTokens <= 513);
            if (c.FinishReason == FinishReason.MaxTokens)
                Assert.Equal(513, c.PromptTokens + c.GeneratedTokens);
        });
        Assert.Single(result.Completions.Select(c => c.Text).Distinct());
    }

    [Fact]
    public async Task Prompts_longer_than_a_batch_are_decoded_in_chunks_with_the_same_result()
    {
        using var small = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 4) with { BatchSize = 16 });
        var request = SamplingRequest.FromUser(string.Concat(Enumerable.Repeat("A long question. ", 8)), n: 2, Hot(10), seed: 6);
        Assert.True(Sampler.FormatPrompt(request).Length > 100);
        var chunked = await small.SampleAsync(request);
        var whole = await Sampler.SampleAsync(request);
        Assert.Equal(whole.Completions.Select(c => c.Text), chunked.Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task The_model_chat_template_and_an_explicit_one_give_chatml()
    {
        var request = new SamplingRequest
        {
            Messages = [new(Microsoft.Extensions.AI.ChatRole.System, "Be brief."), new(Microsoft.Extensions.AI.ChatRole.User, "2+2?")],
            AssistantPrefix = "It is",
        };
        const string expected = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\nIt is";
        Assert.Equal(expected, Sampler.FormatPrompt(request));
        using var named = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options() with { ChatTemplate = "chatml" });
        Assert.Equal(expected, named.FormatPrompt(request));
    }

    [Fact]
    public void Engine_options_are_validated()
    {
        new LlamaEngineOptions().Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { MaxParallelSequences = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { MaxParallelSequences = 300, BatchSize = 512 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { MaxParallelSequences = 64, BatchSize = 32 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { ContextSize = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { Threads = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new LlamaEngineOptions { ChatTemplate = "" }.Validate());
    }

    [Fact]
    public async Task Cancellation_throws_and_the_sampler_stays_usable()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Sampler.SampleAsync([SamplingRequest.FromUser("Cancel me", n: 1, Cold(2)), SamplingRequest.FromUser("Long", n: 2, Cold(200))], progress, cts.Token));
        var after = await Sampler.SampleAsync(SamplingRequest.FromUser("Still fine?", options: Cold(4)));
        Assert.NotNull(after.Completions[0].Text);
    }

    [Fact]
    public async Task Concurrent_calls_share_the_batch_and_match_the_same_calls_one_by_one()
    {
        var requests = Enumerable.Range(0, 6)
            .Select(i => SamplingRequest.FromUser(i % 2 == 0 ? "Shared prompt?" : $"Question {i}?", n: 1 + i % 3, Hot(12 + 2 * i), seed: (ulong)i))
            .ToArray();
        var alone = new List<string[]>();
        foreach (var request in requests)
            alone.Add((await Sampler.SampleAsync(request)).Completions.Select(c => c.Text).ToArray());

        var together = await Task.WhenAll(requests.Select(r => Task.Run(() => Sampler.SampleAsync(r))));

        Assert.Equal(alone, together.Select(t => t.Completions.Select(c => c.Text).ToArray()));
    }

    [Fact]
    public async Task Cancelling_one_call_mid_generation_leaves_a_concurrent_call_intact()
    {
        var other = SamplingRequest.FromUser("The other caller", n: 2, Hot(40), seed: 4);
        var expected = (await Sampler.SampleAsync(other)).Completions.Select(c => c.Text).ToArray();

        using var cts = new CancellationTokenSource();
        var victim = Sampler.SampleAsync([SamplingRequest.FromUser("Cancel me mid-way", n: 3, Cold(200))], null, (_, _, _) => cts.Cancel(), cts.Token);
        var survivor = Sampler.SampleAsync(other);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);
        Assert.Equal(expected, (await survivor).Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task Plain_text_completion_skips_the_chat_template()
    {
        var request = SamplingRequest.FromUser("2 + 2 =", options: Cold(8));
        var chat = (await Sampler.SampleAsync(request)).Completions[0];
        var text = (await Sampler.SampleAsync(request with { RawPrompt = true })).Completions[0];
        // Byte-level vocabulary: the raw prompt is its bytes (plus BOS if the model adds one), far shorter than the templated one.
        Assert.InRange(text.PromptTokens, 7, 8);
        Assert.True(chat.PromptTokens > text.PromptTokens + 5);
    }

    [Fact]
    public async Task A_broken_model_file_gives_an_error_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("mc-broken-").FullName;
        try
        {
            var path = Path.Combine(dir, "broken.gguf");
            await File.WriteAllTextAsync(path, "this is not a gguf file");
            var bad = await Assert.ThrowsAsync<GgufFormatException>(() => LlamaSampler.LoadAsync(path));
            Assert.Contains("broken.gguf", bad.Message, StringComparison.Ordinal);
            var missing = await Assert.ThrowsAsync<GgufFormatException>(() => LlamaSampler.LoadAsync(Path.Combine(dir, "missing.gguf")));
            Assert.Contains("missing.gguf", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Invalid_requests_name_the_request()
    {
        var bad = await Assert.ThrowsAsync<ArgumentException>(() =>
            Sampler.SampleAsync([SamplingRequest.FromUser("ok"), SamplingRequest.FromUser("bad", n: 0)]));
        Assert.Contains("Request 1", bad.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Sampler.SampleAsync([SamplingRequest.FromUser(new string('x', 600))]));
        Assert.Contains("Request 0", tooLong.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).</summary>
    private sealed class SyncProgress(Action<SamplingProgress> report) : IProgress<SamplingProgress>
    {
        public void Report(SamplingProgress value) => report(value);
    }
}
