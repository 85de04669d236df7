using System.CommandLine;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// What the commands open models with: the engines (in-process GGUF, OpenAI-compatible servers, the lab's model-free
/// reference critic), the model profile file, and the prompt sets and inline tools of the core and the lab.
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

    /// <summary>Opens one address or profile name with the engines the command line sets up.</summary>
    public static async Task<OpenedModel> OpenAsync(ParseResult parse, string address, CancellationToken cancellationToken) =>
        await (await OpenerAsync(parse, engine: null, cancellationToken)).OpenAsync(address, cancellationToken);

    /// <summary>
    /// The command's model opener (read the profile file once, then open every model with it): in-process and remote
    /// engines, the lab's procedural reference critic (<c>lab-procedure</c>), the profiles, and the shipped lab models
    /// found next to the executable.
    /// </summary>
    /// <param name="engine">How GGUF models run; null: as <see cref="EngineFlags"/> say.</param>
    public static async Task<IModelOpener> OpenerAsync(ParseResult parse, LlamaEngineOptions? engine, CancellationToken cancellationToken)
    {
        string? file = parse.GetValue(ProfileFile)?.FullName ?? (File.Exists(ModelProfiles.DefaultFile) ? ModelProfiles.DefaultFile : null);
        var profiles = file is null ? ModelProfiles.Empty : await ModelProfiles.ReadAsync(file, cancellationToken);
        IModelProvider[] providers =
        [
            new LabProcedureModelProvider(),
            new RemoteModelProvider(defaultCacheDirectory: Path.Combine(Environment.CurrentDirectory, ".mathcritique-cache")),
            new GgufModelProvider(engine ?? EngineFlags.Engine(parse)),
        ];
        return new ShippedModelOpener(new ModelOpener(providers, profiles));
    }

    // A lab model's file name (models/lab-actor.gguf) not in the current directory is the copy next to the executable.
    private sealed class ShippedModelOpener(ModelOpener opener) : IModelOpener
    {
        public Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken = default)
        {
            var resolved = opener.Resolve(address);
            if (!resolved.IsHttp)
                resolved = resolved with { Location = ShippedModels.Resolve(resolved.Location) };
            return opener.OpenAsync(resolved, cancellationToken);
        }
    }
}
