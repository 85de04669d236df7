namespace MathCritique.Sampling;

/// <summary>Why a completion ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token.</summary>
    EndOfSequence,
    /// <summary>A stop string was produced (it is not part of the text).</summary>
    StopString,
    /// <summary>The max-token limit was reached.</summary>
    MaxTokens,
}

/// <summary>One sampled completion and its cost.</summary>
/// <param name="SampleIndex">Which of the request's N samples this is (0-based).</param>
/// <param name="Text">Generated text (without the assistant prefix, if any).</param>
/// <param name="PromptTokens">
/// Tokens of the prompt, counted once per sample: the in-process engine's tokenizer count of the rendered prompt (chat
/// template and assistant prefix included), a server's <c>usage.prompt_tokens</c>.
/// </param>
/// <param name="GeneratedTokens">Tokens the model generated.</param>
public sealed record Completion(int SampleIndex, string Text, int PromptTokens, int GeneratedTokens, FinishReason FinishReason)
{
    /// <summary>
    /// Leading prompt tokens this call shares with an earlier call of its scope (<see cref="RequestBatch.ForScope"/>):
    /// what a cache of the scope's prompt prefixes would not compute again; 0 when no scope was given.
    /// </summary>
    public int SharedPrefixTokens { get; init; }

    /// <summary>Prompt tokens beyond the shared prefix: what a prefix cache still computes.</summary>
    public int NewPromptTokens => PromptTokens - SharedPrefixTokens;
}

/// <summary>The completions of one request, in sample order.</summary>
public sealed record SamplingResult(SamplingRequest Request, IReadOnlyList<Completion> Completions);
