using Microsoft.Extensions.AI;

namespace MathCritique.Sampling;

/// <summary>
/// An <see cref="ISampler"/> over any <see cref="IChatClient"/> (every Microsoft.Extensions.AI provider): each sample is
/// one chat call with seed <see cref="SamplingRequest.SeedFor"/>(i) (its low 63 bits, as <see cref="ChatOptions.Seed"/>),
/// the request's temperature, top-p, top-k, token limit and stop strings; an assistant prefix is sent as a final
/// assistant message (whether the provider continues it is up to the provider). Usage comes from
/// <see cref="UsageDetails"/>; a <see cref="ChatFinishReason.Length"/> finish is <see cref="FinishReason.MaxTokens"/>,
/// any other <see cref="FinishReason.EndOfSequence"/>. All samples of a call are sent at once: compose with
/// <see cref="ConcurrencyLimitingSampler"/> to bound them. Does not own the client.
/// </summary>
public sealed class ChatClientSampler : ISampler
{
    private readonly IChatClient _client;

    /// <param name="modelId">The model to ask for (<see cref="ChatOptions.ModelId"/>) and to name; the client's default when null.</param>
    public ChatClientSampler(IChatClient client, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        RequestedModel = modelId;
        ModelId = modelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId ?? client.GetType().Name;
    }

    public string ModelId { get; }

    private string? RequestedModel { get; }

    public async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            requests[r].Validate();
            var o = requests[r].Options;
            string? refused = requests[r].RawPrompt ? "a raw prompt (no chat template)"
                : o.Tool is { } tool ? $"an inline tool ({tool.Name})"
                : o.MinP > 0 ? "min-p"
                : null;
            if (refused is not null)
                throw new NotSupportedException($"Request {r}: {refused} cannot be sent through an IChatClient.");
        }
        var call = new CallParts(requests, progress);
        var completions = await CallParts.WhenAllAsync(
            requests.SelectMany(request => Enumerable.Range(0, request.N).Select(i => (Func<CancellationToken, Task<Completion>>)(async token =>
            {
                var completion = await SampleOneAsync(request, i, token).ConfigureAwait(false);
                call.Add([completion]);
                return completion;
            }))), cancellationToken).ConfigureAwait(false);
        int next = 0;
        return requests.Select(r =>
        {
            var result = new SamplingResult(r, completions[next..(next + r.N)]);
            next += r.N;
            return result;
        }).ToArray();
    }

    private async Task<Completion> SampleOneAsync(SamplingRequest request, int index, CancellationToken cancellationToken)
    {
        var o = request.Options;
        var options = new ChatOptions
        {
            ModelId = RequestedModel,
            Seed = (long)(request.SeedFor(index) & long.MaxValue),
            Temperature = o.Temperature,
            TopP = o.TopP,
            TopK = o.TopK > 0 ? o.TopK : null,
            MaxOutputTokens = o.MaxTokens,
            StopSequences = o.Stop.Count > 0 ? [.. o.Stop] : null,
        };
        List<ChatMessage> messages = [.. request.Messages];
        if (request.AssistantPrefix is { } prefix)
            messages.Add(new ChatMessage(ChatRole.Assistant, prefix));
        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return new Completion(
            index,
            response.Text,
            (int)(response.Usage?.InputTokenCount ?? 0),
            (int)(response.Usage?.OutputTokenCount ?? 0),
            response.FinishReason == ChatFinishReason.Length ? FinishReason.MaxTokens : FinishReason.EndOfSequence);
    }
}
