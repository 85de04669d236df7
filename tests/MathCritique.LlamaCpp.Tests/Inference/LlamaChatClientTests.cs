using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using Microsoft.Extensions.AI;

namespace MathCritique.LlamaCpp.Tests.Inference;

public sealed class LlamaChatClientTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task A_chat_round_trip_matches_the_sampler_and_reports_usage()
    {
        using IChatClient client = new LlamaChatClient(model.Sampler);
        var options = new ChatOptions { Temperature = 0.9f, TopK = 40, Seed = 21, MaxOutputTokens = 12 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello there")], options);

        var direct = await model.Sampler.SampleAsync(SamplingRequest.FromUser("Hello there", 1,
            new SamplingOptions { Temperature = 0.9f, TopK = 40, MaxTokens = 12 }, seed: 21));
        var completion = direct.Completions[0];
        Assert.Equal(completion.Text, response.Text);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal(completion.PromptTokens, response.Usage!.InputTokenCount);
        Assert.Equal(completion.GeneratedTokens, response.Usage.OutputTokenCount);
        Assert.Equal(completion.FinishReason == FinishReason.MaxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(model.Sampler.ModelId, response.ModelId);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello there")], options))
            updates.Add(update);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "text arrives in pieces");
        var streamed = updates.ToChatResponse();
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal(response.FinishReason, streamed.FinishReason);
        Assert.Equal(completion.GeneratedTokens, streamed.Usage!.OutputTokenCount);
        Assert.Equal("llama.cpp", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task Streaming_holds_back_text_that_a_stop_string_removes()
    {
        using IChatClient client = new LlamaChatClient(model.Sampler);
        var free = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Tell me a story.")], new ChatOptions { MaxOutputTokens = 40 });
        Assert.True(free.Text.Length >= 8, free.Text);
        // A stop string of plain characters from the second half (U+FFFD stands for bytes, not text).
        int from = Enumerable.Range(free.Text.Length / 2, free.Text.Length - free.Text.Length / 2 - 1)
            .First(i => free.Text[i] != '\uFFFD' && free.Text[i + 1] != '\uFFFD');
        var stop = free.Text.Substring(from, 2);
        var options = new ChatOptions { MaxOutputTokens = 40, StopSequences = [stop] };
        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Tell me a story.")], options))
            pieces.Add(update.Text);
        var expected = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];
        Assert.Equal(expected, string.Concat(pieces));
    }

    [Fact]
    public async Task Leaving_a_stream_early_leaves_the_sampler_usable()
    {
        using IChatClient client = new LlamaChatClient(model.Sampler);
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Long")], new ChatOptions { MaxOutputTokens = 400 }))
        {
            if (update.Text.Length > 0)
                break;
        }
        var next = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Next")], new ChatOptions { MaxOutputTokens = 3 });
        Assert.NotNull(next.Text);
    }

    [Fact]
    public void Chat_options_override_the_defaults_and_unset_ones_keep_them()
    {
        var client = new LlamaChatClient(model.Sampler, new SamplingOptions { Temperature = 0.7f, MaxTokens = 99, Stop = ["\n\n"] });
        var request = client.ToRequest([new ChatMessage(ChatRole.User, "x")], new ChatOptions { TopP = 0.5f, StopSequences = ["END"] });
        Assert.Equal(0.7f, request.Options.Temperature);
        Assert.Equal(0.5f, request.Options.TopP);
        Assert.Equal(99, request.Options.MaxTokens);
        Assert.Equal(["\n\n", "END"], request.Options.Stop);
        Assert.Equal(0UL, request.Seed);
        Assert.Equal(0f, new LlamaChatClient(model.Sampler).ToRequest([new ChatMessage(ChatRole.User, "x")], null).Options.Temperature);
    }
}
