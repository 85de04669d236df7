using MathCritique.Sampling;

namespace MathCritique.Models;

/// <summary>A model opened for sampling; disposing it frees the engine or connection behind it.</summary>
public sealed class OpenedModel(ISampler sampler, string identity, IDisposable? owner = null) : IDisposable
{
    public ISampler Sampler { get; } = sampler;

    /// <summary>
    /// What a resumable run records as the model: for a GGUF its name, file name and content hash (lab models share a
    /// <c>general.name</c>, and a retrained file keeps its path); for a server, the model name and address.
    /// </summary>
    public string Identity { get; } = identity;

    /// <summary>The prompt set to use with it: the address's <c>prompts</c> setting, else what its GGUF declares; null for none.</summary>
    public string? PromptSet { get; init; }

    /// <summary>The inline tools its output runs with: the address's <c>tools</c> setting, else what its GGUF declares; null for none.</summary>
    public string? InlineTools { get; init; }

    public void Dispose() => owner?.Dispose();
}
