using System.Runtime.CompilerServices;
using MathCritique.Critiques;
using Microsoft.Extensions.AI;

namespace MathCritique.Lab;

/// <summary>
/// <see cref="LabProcedureCritic"/> as a chat model: it reads the critique prompt in the last user message
/// (<see cref="LabCritiquePrompt"/>) and answers with the critique in the project's format — one step's block for the
/// stepwise prompt, a whole critique otherwise — so every pipeline runs it as it runs a critic model. Deterministic:
/// sampling settings and token limits do not change what it writes, and it reports no token usage (it runs no model).
/// </summary>
public sealed class LabProcedureChatClient : IChatClient
{
    /// <summary>The name it answers as.</summary>
    public const string ModelName = "lab-procedure";

    private readonly ChatClientMetadata _metadata = new(ModelName, defaultModelId: ModelName);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var last = messages.LastOrDefault();
        if (last is null || last.Role != ChatRole.User)
            throw new NotSupportedException($"{ModelName} answers a critique prompt in the last user message; it continues no assistant reply.");
        var prompt = LabCritiquePrompt.TryRead(last.Text)
            ?? throw new ArgumentException($"{ModelName} reads critique prompts (lab, lab-stepwise, paper); this prompt quotes no solution under a 'Solution:' line.");
        string text = prompt.LastStepOnly && prompt.Steps.Count > 0
            ? CritiqueFormatter.FormatStep(LabProcedureCritic.JudgeLast(prompt.Numbers, prompt.Steps))
            : CritiqueFormatter.Format(LabProcedureCritic.Critique(prompt.Numbers, prompt.Steps));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelName, FinishReason = ChatFinishReason.Stop });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
