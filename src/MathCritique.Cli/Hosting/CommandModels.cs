using System.CommandLine;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// What the commands open models with: the engines (in-process GGUF, OpenAI-compatible servers), the model profile
/// file, and the prompt sets and inline tools of the core and the lab.
/// </summary>
internal static class CommandModels
{
    public static Option<FileInfo?> ProfileFile { get; } = new("--models")
    {
        Recursive = true,
        Description = $"Model profile file: JSON naming models with their address and settings, so --actor NAME can stand for them. Default: {ModelProfiles.DefaultFile} in the current directory, when there is one.",
    };

    public static PromptSetRegistry PromptSets() => PromptSetRegistry.WithPaperPrompts().AddLabPromptSets();

    public static InlineToolRegistry InlineTools() => InlineToolRegistry.WithCalculator().AddLabTools();

    /// <summary>Opens an address or profile name with the engines the command line sets up.</summary>
    public static async Task<OpenedModel> OpenAsync(ParseResult parse, string address, CancellationToken cancellationToken) =>
        await OpenAsync(await OpenerAsync(parse, engine: null, cancellationToken), address, cancellationToken);

    /// <summary>Opens an address or profile name; a lab model's file name finds the copy next to the executable (<see cref="ShippedModels"/>).</summary>
    public static async Task<OpenedModel> OpenAsync(ModelOpener opener, string address, CancellationToken cancellationToken)
    {
        var resolved = opener.Resolve(address);
        if (!resolved.IsHttp)
            resolved = resolved with { Location = ShippedModels.Resolve(resolved.Location) };
        return await opener.OpenAsync(resolved, cancellationToken);
    }

    /// <summary><paramref name="opener"/> as an <see cref="IModelOpener"/> that finds the shipped lab models, for library calls that open models themselves.</summary>
    public static IModelOpener WithShippedModels(ModelOpener opener) => new ShippedModelOpener(opener);

    private sealed class ShippedModelOpener(ModelOpener opener) : IModelOpener
    {
        public Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken = default) => CommandModels.OpenAsync(opener, address, cancellationToken);
    }

    /// <param name="engine">How GGUF models run; null: as <see cref="EngineFlags"/> say.</param>
    public static async Task<ModelOpener> OpenerAsync(ParseResult parse, LlamaEngineOptions? engine, CancellationToken cancellationToken)
    {
        string? file = parse.GetValue(ProfileFile)?.FullName ?? (File.Exists(ModelProfiles.DefaultFile) ? ModelProfiles.DefaultFile : null);
        var profiles = file is null ? ModelProfiles.Empty : await ModelProfiles.ReadAsync(file, cancellationToken);
        IModelProvider[] providers =
        [
            new RemoteModelProvider(defaultCacheDirectory: Path.Combine(Environment.CurrentDirectory, ".mathcritique-cache")),
            new GgufModelProvider(engine ?? EngineFlags.Engine(parse)),
        ];
        return new ModelOpener(providers, profiles);
    }
}
