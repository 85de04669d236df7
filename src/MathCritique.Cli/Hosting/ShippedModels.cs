namespace MathCritique.Cli.Hosting;

/// <summary>
/// The lab models: in <c>models/</c> of the repository, and copied into <c>models/</c> next to the executable (the
/// build and the tool package carry them), so the defaults work from any directory after <c>dotnet tool install</c>.
/// </summary>
internal static class ShippedModels
{
    public const string ActorFile = "lab-actor.gguf";
    /// <summary>
    /// The default critic: 4 blocks, judges one step at a time, its sums' values written by the calculator (its GGUF
    /// declares the lab-stepwise prompts and the calculator).
    /// </summary>
    public const string CriticFile = "lab-critic-deep.gguf";
    /// <summary>The critic that writes a whole critique in one request (what <c>lab train-critic</c> makes by default; served by <c>serve</c>).</summary>
    public const string WholeCriticFile = "lab-critic.gguf";
    /// <summary>The previous default critic (judges one step at a time, no inline tools).</summary>
    public const string StepwiseCriticFile = "lab-critic-stepwise.gguf";

    /// <summary>An actor part-way along the curriculum (solves level 1, rarely level 2): the base of the self-improvement experiment, which needs room to improve.</summary>
    public const string EarlyActorFile = "lab-actor-early.gguf";

    private const string Folder = "models";
    private static readonly string[] Files = [ActorFile, CriticFile, WholeCriticFile, StepwiseCriticFile, EarlyActorFile];

    public static string Actor => Resolve(Path.Combine(Folder, ActorFile));
    public static string Critic => Resolve(Path.Combine(Folder, CriticFile));
    public static string WholeCritic => Resolve(Path.Combine(Folder, WholeCriticFile));

    /// <summary>
    /// A model path as given when it exists (so <c>models/lab-actor.gguf</c> in a checkout is read there and runs
    /// record what they did before); else, for a lab model named as <c>models/FILE</c> or <c>FILE</c>, its copy next to
    /// the executable; else the path unchanged, for the caller to report missing.
    /// </summary>
    public static string Resolve(string path)
    {
        if (File.Exists(path) || !IsShippedName(path))
            return path;
        var copy = Path.Combine(AppContext.BaseDirectory, Folder, Path.GetFileName(path));
        return File.Exists(copy) ? copy : path;
    }

    // Only the names the README and the defaults use: another folder's missing lab-actor.gguf is that folder's file,
    // and silently running the shipped one instead would measure the wrong model.
    private static bool IsShippedName(string path)
    {
        var file = Path.GetFileName(path);
        if (!Files.Contains(file, StringComparer.Ordinal))
            return false;
        var folder = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(folder) || folder is "." or Folder || folder == Path.Combine(".", Folder);
    }
}
