namespace MathCritique.Sampling;

/// <summary>Progress of a sampling call: completions finished out of those asked for.</summary>
public readonly record struct SamplingProgress(int CompletionsDone, int CompletionsTotal, long TokensGenerated);

/// <summary>
/// The sampling interface every pipeline uses: many requests, each asking for N completions, in one call,
/// so that an engine can batch them (shared prompt prefixes decoded once, all sequences advanced together).
/// Results are in request order. Implementations: the in-process llama.cpp engine, remote OpenAI-compatible servers.
/// </summary>
public interface ISampler
{
    /// <summary>A name for the model behind this sampler (for reports and caches).</summary>
    string ModelId { get; }

    Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
