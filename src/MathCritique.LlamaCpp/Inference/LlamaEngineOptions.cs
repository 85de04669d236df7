namespace MathCritique.LlamaCpp.Inference;

/// <summary>How the in-process llama.cpp engine sizes its context and batches.</summary>
public sealed record LlamaEngineOptions
{
    /// <summary>
    /// KV-cache cells shared by all live sequences (a prompt's prefix is stored once for all its samples).
    /// Also the longest prompt + completion one sequence can reach.
    /// </summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Sequences decoded together in one batch; further samples wait in a queue.</summary>
    public int MaxParallelSequences { get; init; } = 16;

    /// <summary>CPU threads for decoding.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Most tokens submitted to one llama_decode call (prompts longer than this are decoded in chunks).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>A chat template to use instead of the GGUF's <c>tokenizer.chat_template</c> (a Jinja string llama.cpp recognises, or a name like "chatml").</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>llama.cpp supports at most this many sequences per context (LLAMA_MAX_SEQ in this build).</summary>
    public const int MaxSequencesLimit = 256;

    public void Validate()
    {
        if (ContextSize < 8)
            throw new ArgumentOutOfRangeException(nameof(ContextSize), ContextSize, "must be >= 8");
        if (MaxParallelSequences is < 1 or > MaxSequencesLimit)
            throw new ArgumentOutOfRangeException(nameof(MaxParallelSequences), MaxParallelSequences, $"must be in [1, {MaxSequencesLimit}]");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be >= 1");
        if (BatchSize < MaxParallelSequences)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"must be >= MaxParallelSequences ({MaxParallelSequences}): every live sequence advances in one batch");
        if (ChatTemplate is not null && ChatTemplate.Length == 0)
            throw new ArgumentException("ChatTemplate must be null (use the model's) or non-empty.", nameof(ChatTemplate));
    }
}
