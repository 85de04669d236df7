namespace MathCritique.Cli.Hosting;

/// <summary>The lab models shipped in the repository's <c>models/</c> folder (the embedded default).</summary>
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

    public static string Actor => Locate(ActorFile);
    public static string Critic => Locate(CriticFile);
    public static string WholeCritic => Locate(WholeCriticFile);

    // Looks in ./models, then in models/ above the executable (a `dotnet run` from the repository), so the
    // defaults work from any working directory inside the clone.
    private static string Locate(string file)
    {
        var local = Path.Combine("models", file);
        if (File.Exists(local))
            return local;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", file);
            if (File.Exists(candidate))
                return candidate;
        }
        return local;
    }
}
