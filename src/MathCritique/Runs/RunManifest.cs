using System.Text.Json;

namespace MathCritique.Runs;

/// <summary>
/// The <c>run.json</c> of a resumable run directory: what the run was asked to do (models, problems, options). The
/// first run writes it; a re-run must ask for the same, or its new records would be mixed with the old ones.
/// </summary>
public static class RunManifest
{
    public const string FileName = "run.json";

    /// <summary>Writes <paramref name="config"/> to <paramref name="directory"/>/run.json, or checks it is what is there.</summary>
    /// <exception cref="InvalidOperationException">The directory holds a different run; the message names the file and the first difference.</exception>
    public static async Task CheckAsync(string directory, object config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var json = JsonSerializer.Serialize(config, config.GetType(), JsonFormat.Indented);
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, json, cancellationToken).ConfigureAwait(false);
            return;
        }
        var existing = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing == json)
            return;
        var (was, now) = FirstDifference(existing.Split('\n'), json.Split('\n'));
        throw new InvalidOperationException(
            $"{path} describes a different run (it has `{was}`, this run `{now}`); resume with the same models and options, or use a new --out directory.");
    }

    private static (string Was, string Now) FirstDifference(string[] was, string[] now)
    {
        for (int i = 0; i < Math.Max(was.Length, now.Length); i++)
        {
            string a = i < was.Length ? was[i].Trim() : "", b = i < now.Length ? now[i].Trim() : "";
            if (a != b)
                return (a, b);
        }
        return ("", "");
    }
}
