using System.Runtime.CompilerServices;
using System.Threading.Channels;
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
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // A consumer that stops reading early cancels the generation instead of leaving it running.
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = Task.Run(async () =>
        {
            try
            {
                return await sampler.SampleAsync([request], null, (_, _, delta) => pieces.Writer.TryWrite(delta), stopped.Token).ConfigureAwait(false);
            }
            finally
            {
                pieces.Writer.TryComplete();
            }
        }, stopped.Token);
        try
        {
            await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ResponseId = responseId, ModelId = sampler.ModelId };
            var completion = (await sampling.ConfigureAwait(false))[0].Completions[0];
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(ToUsage(completion))])
            {
                ResponseId = responseId,
                ModelId = sampler.ModelId,
                CreatedAt = DateTimeOffset.UtcNow,
                FinishReason = ToFinishReason(completion),
            };
        }
        finally
        {
            if (!sampling.IsCompleted)
            {
                await stopped.CancelAsync().ConfigureAwait(false);
                try
                {
                    await sampling.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Expected: we cancelled it.
                }
            }
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
