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

    /// <summary>
    /// CPU threads for a decode of one token (llama.cpp's <c>n_threads</c>). Every core up to 4 by default: measured
    /// fastest on 2 cores when all models decode on one <see cref="LlamaComputeThread"/> (bench/README.md,
    /// EngineBench); the cap of 4 is a guess for tiny models on big machines, not a measurement.
    /// </summary>
    public int Threads { get; init; } = DefaultThreads;

    /// <summary>CPU threads for a decode of several tokens — a prompt, or a step of several sequences (<c>n_threads_batch</c>).</summary>
    public int BatchThreads { get; init; } = DefaultThreads;

    private static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Flash attention on or off; null (the default) turns it on for models whose attention heads have at least
    /// <see cref="FlashAttentionMinHeadSize"/> dimensions: on CPU it measured 1.3–2× slower with the lab models'
    /// 32-dimension heads and 1.2–1.4× faster with 64 (bench/README.md, EngineBench). llama.cpp's own "auto" turns
    /// it on for every CPU model.
    /// </summary>
    public bool? FlashAttention { get; init; }

    /// <summary>
    /// One KV cache shared by all sequences (true: a prompt's prefix is stored once for all its samples, but every
    /// decode attends over all cells in use) or one stream per sequence of ContextSize / MaxParallelSequences cells
    /// (false: a prefix is copied with its stream, a decode attends over its own cells). Null (the default): unified,
    /// except with one sequence slot, where the split layout decodes faster.
    /// </summary>
    public bool? UnifiedKvCache { get; init; }

    /// <summary>The layout <see cref="UnifiedKvCache"/> resolves to.</summary>
    public bool UsesUnifiedKvCache => UnifiedKvCache ?? MaxParallelSequences > 1;

    /// <summary>The head size from which <see cref="FlashAttention"/> = null turns flash attention on.</summary>
    public const int FlashAttentionMinHeadSize = 64;

    /// <summary>Whether flash attention is on by default for heads of <paramref name="headSize"/> dimensions.</summary>
    public static bool FlashAttentionPays(long headSize) => headSize >= FlashAttentionMinHeadSize;

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
        if (!UsesUnifiedKvCache && ContextSize / MaxParallelSequences < 8)
            throw new ArgumentOutOfRangeException(nameof(ContextSize), ContextSize, $"must give each of the {MaxParallelSequences} sequences at least 8 cells when the KV cache is split");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be >= 1");
        if (BatchThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchThreads), BatchThreads, "must be >= 1");
        if (BatchSize < MaxParallelSequences)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"must be >= MaxParallelSequences ({MaxParallelSequences}): every live sequence advances in one batch");
        if (ChatTemplate is not null && ChatTemplate.Length == 0)
            throw new ArgumentException("ChatTemplate must be null (use the model's) or non-empty.", nameof(ChatTemplate));
    }
}
