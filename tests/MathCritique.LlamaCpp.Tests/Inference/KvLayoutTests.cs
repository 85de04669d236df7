using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>The two KV-cache layouts give the same samples; a split cache bounds each sequence by its own stream.</summary>
public sealed class KvLayoutTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private static SamplingOptions Hot(int maxTokens) => new() { Temperature = 1f, MaxTokens = maxTokens };

    [Fact]
    public async Task A_split_cache_gives_the_samples_of_a_unified_one_with_prefixes_copied_between_streams()
    {
        // Two slots for eight samples: later samples of a prompt copy its prefix from a stream that is still generating.
        using var split = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 2) with { ContextSize = 1024, UnifiedKvCache = false });
        var requests = new[]
        {
            SamplingRequest.FromUser("Split me", n: 5, Hot(20), seed: 4),
            SamplingRequest.FromUser("And me too", n: 3, Hot(12), seed: 8),
        };
        var fromSplit = await split.SampleAsync(requests);
        var fromUnified = await model.Sampler.SampleAsync(requests);
        Assert.False(split.Options.UsesUnifiedKvCache);
        Assert.True(model.Sampler.Options.UsesUnifiedKvCache);
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(fromUnified[r].Completions.Select(c => c.Text), fromSplit[r].Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task In_a_split_cache_a_sequence_stops_at_the_end_of_its_stream()
    {
        // llama.cpp rounds each stream up to a multiple of 256 cells.
        using var split = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 4) with { ContextSize = 1024, UnifiedKvCache = false });
        Assert.Equal(256, split.SequenceCells);
        var result = await split.SampleAsync(SamplingRequest.FromUser("Go on forever", n: 3, new SamplingOptions { MaxTokens = 5000 }));
        Assert.All(result.Completions, c =>
        {
            Assert.Equal(FinishReason.MaxTokens, c.FinishReason);
            Assert.Equal(257, c.PromptTokens + c.GeneratedTokens); // the last sampled token is never decoded
        });
        var tooLong = SamplingRequest.FromUser(new string('x', 300), options: new SamplingOptions { MaxTokens = 4 });
        var error = await Assert.ThrowsAsync<ArgumentException>(() => split.SampleAsync(tooLong));
        Assert.Contains("a sequence holds 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_layout_defaults_to_unified_except_with_one_slot()
    {
        Assert.True(new LlamaEngineOptions { MaxParallelSequences = 2 }.UsesUnifiedKvCache);
        Assert.False(new LlamaEngineOptions { MaxParallelSequences = 1 }.UsesUnifiedKvCache);
        Assert.False(new LlamaEngineOptions { MaxParallelSequences = 2, UnifiedKvCache = false }.UsesUnifiedKvCache);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaEngineOptions { ContextSize = 64, MaxParallelSequences = 16, UnifiedKvCache = false }.Validate());
    }
}
