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

        var streamed = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello there")], options).ToChatResponseAsync();
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal("llama.cpp", client.GetService<ChatClientMetadata>()!.ProviderName);
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
