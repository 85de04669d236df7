using System.Security.Cryptography;
using MathCritique.Models;
using MathCritique.Prompts;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>Opens GGUF files in-process with the llama.cpp engine; every model it opens decodes on one compute thread.</summary>
public sealed class GgufModelProvider(LlamaEngineOptions engine, LlamaComputeThread? computeThread = null) : IModelProvider
{
    public bool CanOpen(ModelAddress address) => !address.IsHttp;

    public async Task<OpenedModel> OpenAsync(ModelAddress address, CancellationToken cancellationToken)
    {
        string path = address.Location;
        if (!File.Exists(path))
            throw new ModelNotFoundException(path);
        NativeLogging.Suppress();
        var sampler = await LlamaSampler.LoadAsync(path, engine, computeThread ?? LlamaComputeThread.Shared, cancellationToken).ConfigureAwait(false);
        try
        {
            string identity = $"{sampler.ModelId} ({Path.GetFileName(path)}, sha256 {await ContentHashAsync(path, cancellationToken).ConfigureAwait(false)})";
            return new OpenedModel(sampler, identity, sampler)
            {
                PromptSet = address.Settings.PromptSet ?? sampler.PromptSet,
                InlineTools = address.Settings.InlineTools ?? sampler.InlineTool,
            };
        }
        catch
        {
            sampler.Dispose();
            throw;
        }
    }

    // The first 16 hex digits of the file's SHA-256 (streamed; a few seconds for a multi-GB GGUF).
    private static async Task<string> ContentHashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash)[..16];
    }
}
