namespace MathCritique.LlamaCpp.Models;

/// <summary>Hyper-parameters of a llama-architecture model (the GGUF <c>llama.*</c> keys).</summary>
public sealed record LlamaConfig
{
    public int VocabSize { get; init; } = ByteLevelVocabulary.Size;
    public int ContextLength { get; init; } = 512;
    public int EmbeddingLength { get; init; } = 128;
    public int BlockCount { get; init; } = 2;
    public int FeedForwardLength { get; init; } = 512;
    public int HeadCount { get; init; } = 4;
    public int HeadCountKv { get; init; } = 4;
    public float RmsEpsilon { get; init; } = 1e-5f;
    public float RopeFreqBase { get; init; } = 10000f;

    public int HeadDimension => EmbeddingLength / HeadCount;
    public int KvEmbeddingLength => HeadDimension * HeadCountKv;

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount =>
        2L * VocabSize * EmbeddingLength + EmbeddingLength
        + BlockCount * (2L * EmbeddingLength
                        + 2L * EmbeddingLength * EmbeddingLength
                        + 2L * EmbeddingLength * KvEmbeddingLength
                        + 3L * EmbeddingLength * FeedForwardLength);

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, "must be >= 1");
        }
        Positive(VocabSize, nameof(VocabSize));
        Positive(ContextLength, nameof(ContextLength));
        Positive(EmbeddingLength, nameof(EmbeddingLength));
        Positive(BlockCount, nameof(BlockCount));
        Positive(FeedForwardLength, nameof(FeedForwardLength));
        Positive(HeadCount, nameof(HeadCount));
        Positive(HeadCountKv, nameof(HeadCountKv));
        if (EmbeddingLength % HeadCount != 0)
            throw new ArgumentException($"EmbeddingLength {EmbeddingLength} must be a multiple of HeadCount {HeadCount}.");
        if (HeadDimension % 2 != 0)
            throw new ArgumentException($"The head dimension {HeadDimension} must be even (RoPE rotates pairs).");
        if (HeadCount % HeadCountKv != 0)
            throw new ArgumentException($"HeadCount {HeadCount} must be a multiple of HeadCountKv {HeadCountKv}.");
        if (!(RmsEpsilon > 0) || !(RopeFreqBase > 0))
            throw new ArgumentException("RmsEpsilon and RopeFreqBase must be positive.");
    }
}
