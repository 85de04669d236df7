using System.Runtime.CompilerServices;
using MathCritique.Sampling;
using Microsoft.Extensions.AI;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// <see cref="IChatClient"/> over a <see cref="LlamaSampler"/>. ChatOptions override <see cref="Defaults"/>
/// (greedy, 512 tokens, seed 0 unless set: every call is reproducible). Streaming yields text as it is decoded
/// (held back only while it could still be the start of a stop string), then a final update with the finish reason
/// and usage. Does not own the sampler unless <c>ownsSampler</c> is true.
/// </summary>
public sealed class LlamaChatClient(LlamaSampler sampler, SamplingOptions? defaults = null, bool ownsSampler = false) : IChatClient
{
    public SamplingOptions Defaults { get; } = defaults ?? new SamplingOptions();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        var result = await sampler.SampleAsync([request], null, cancellationToken).ConfigureAwait(false);
        var completion = result[0].Completions[0];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, completion.Text))
        {
            ResponseId = Guid.NewGuid().ToString("N"),
            ModelId = sampler.ModelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ToFinishReason(completion),
            Usage = ToUsage(completion),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        var responseId = Guid.NewGuid().ToString("N");
        // Leaving this enumeration early leaves the sampler's, which cancels the generation.
        await foreach (var update in sampler.StreamAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Completion is not { } completion)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, update.Text) { ResponseId = responseId, ModelId = sampler.ModelId };
                continue;
            }
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(ToUsage(completion))])
            {
                ResponseId = responseId,
                ModelId = sampler.ModelId,
                CreatedAt = DateTimeOffset.UtcNow,
                FinishReason = ToFinishReason(completion),
            };
        }
    }

    private static ChatFinishReason ToFinishReason(Completion completion) =>
        completion.FinishReason == FinishReason.MaxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop;

    private static UsageDetails ToUsage(Completion completion) => new()
    {
        InputTokenCount = completion.PromptTokens,
        OutputTokenCount = completion.GeneratedTokens,
        TotalTokenCount = completion.PromptTokens + completion.GeneratedTokens,
    };

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return new ChatClientMetadata("llama.cpp", new Uri(sampler.ModelPath), sampler.ModelId);
        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(sampler) ? sampler : null;
    }

    /// <summary>The sampling request a chat call becomes.</summary>
    public SamplingRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var sampling = Defaults with
        {
            Temperature = options?.Temperature ?? Defaults.Temperature,
            TopP = options?.TopP ?? Defaults.TopP,
            TopK = options?.TopK ?? Defaults.TopK,
            MaxTokens = options?.MaxOutputTokens ?? Defaults.MaxTokens,
            Stop = options?.StopSequences is { Count: > 0 } stops ? [.. Defaults.Stop, .. stops] : Defaults.Stop,
        };
        var request = new SamplingRequest { Messages = list, Options = sampling, Seed = unchecked((ulong)(options?.Seed ?? 0)), N = 1 };
        request.Validate();
        return request;
    }

    public void Dispose()
    {
        if (ownsSampler)
            sampler.Dispose();
    }
}
