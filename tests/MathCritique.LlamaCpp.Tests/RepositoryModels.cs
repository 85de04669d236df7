namespace MathCritique.LlamaCpp.Tests;

/// <summary>The lab models shipped in the repository's models/ folder, found from the test binaries upwards.</summary>
internal static class RepositoryModels
{
    public static string PathOf(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", file);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"models/{file} is not in the repository");
    }
}
