using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;

namespace MathCritique.Cli.Hosting;

/// <summary>A model opened for sampling; disposing it frees the engine.</summary>
internal sealed class OpenedModel(ISampler sampler, IDisposable? owner, string identity, string? promptSet = null, string? inlineTool = null) : IDisposable
{
    public ISampler Sampler { get; } = sampler;

    /// <summary>
    /// What a resumable run records as the model: for a GGUF its name, file name and content hash (lab models share a
    /// <c>general.name</c>, and a retrained file keeps its path); for a server, the model name and address.
    /// </summary>
    public string Identity { get; } = identity;

    /// <summary>The prompt set the model's GGUF declares it was trained for (<c>model tag</c>); null for none or a remote model.</summary>
    public string? PromptSet { get; } = promptSet;

    /// <summary>The inline tool the model's GGUF declares (<c>model tag --tool</c>); null for none or a remote model.</summary>
    public string? InlineTool { get; } = inlineTool;

    public void Dispose() => owner?.Dispose();
}

/// <summary>Turns a model address from the command line into a sampler. A GGUF path runs in-process; http(s)://host:port/v1#model is an OpenAI-compatible server.</summary>
internal static class ModelOpener
{
    /// <param name="engine">For a GGUF: how the in-process engine runs it.</param>
    public static async Task<OpenedModel> OpenAsync(string address, LlamaEngineOptions engine, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // http://host:port/v1#model-name: the fragment names the served model.
            int hash = address.IndexOf('#', StringComparison.Ordinal);
            string model = hash >= 0 && hash < address.Length - 1 ? address[(hash + 1)..] : "default";
            var remote = RemoteSampler.CreatePipeline(new RemoteSamplerOptions
            {
                BaseUrl = hash >= 0 ? address[..hash] : address,
                Model = model,
                CacheDirectory = Path.Combine(Environment.CurrentDirectory, ".mathcritique-cache"),
            });
            return new OpenedModel(remote, remote, remote.ModelId);
        }
        if (!File.Exists(address))
            throw new FileNotFoundException($"Model file not found: {Path.GetFullPath(address)}. The lab models are in models/ of the repository.", address);
        NativeLogging.Suppress();
        var sampler = await LlamaSampler.LoadAsync(address, engine, cancellationToken);
        return new OpenedModel(sampler, sampler, $"{sampler.ModelId} ({Path.GetFileName(address)}, sha256 {await ContentHashAsync(address, cancellationToken)})", sampler.PromptSet, sampler.InlineTool);
    }

    // The first 16 hex digits of the file's SHA-256 (streamed; a few seconds for a multi-GB GGUF).
    private static async Task<string> ContentHashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash)[..16];
    }
}
