using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>A model opened for sampling; disposing it frees the engine.</summary>
internal sealed class OpenedModel(ISampler sampler, IDisposable? owner) : IDisposable
{
    public ISampler Sampler { get; } = sampler;

    public void Dispose() => owner?.Dispose();
}

/// <summary>Turns a model address from the command line into a sampler. A GGUF path runs in-process.</summary>
internal static class ModelOpener
{
    public static async Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"Remote models ({address}) are not supported yet; pass a GGUF path.");
        if (!File.Exists(address))
            throw new FileNotFoundException($"Model file not found: {Path.GetFullPath(address)}. The lab models are in models/ of the repository.", address);
        NativeLogging.Suppress();
        var sampler = await LlamaSampler.LoadAsync(address, new LlamaEngineOptions { ContextSize = 16384, MaxParallelSequences = 16 }, cancellationToken);
        return new OpenedModel(sampler, sampler);
    }
}
