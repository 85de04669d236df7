using System.Globalization;
using System.Text.Json;
using MathCritique.Runs;

namespace MathCritique.SelfImprovement;

/// <summary>
/// The files of one iteration of one arm, <c>{run}/{arm}/iteration-{i}/</c>: <c>exploration.jsonl</c> (every sample,
/// critique and refinement, appended per problem batch), <c>decisions.jsonl</c> (each solution kept or dropped, and
/// why), <c>sft/</c> (the training set in every export format) and <c>sft.json</c> (its composition), the fine-tuner's
/// output and <c>training.json</c>, <c>eval.jsonl</c> (held-out results, appended per batch), and <c>iteration.json</c>
/// (the summary; written last, it marks the iteration done).
/// </summary>
public sealed class IterationDirectory(string runDirectory, SelfImprovementArm arm, int iteration)
{
    public string Path { get; } = System.IO.Path.Combine(runDirectory, arm.Name(), "iteration-" + iteration.ToString(CultureInfo.InvariantCulture));
    public string Exploration => File("exploration.jsonl");
    public string Decisions => File("decisions.jsonl");
    public string ExplorationDone => File("exploration.json");
    public string SftFolder => File("sft");
    public string Sft => File("sft.json");
    public string Training => File("training.json");
    public string Eval => File("eval.jsonl");
    public string Summary => File("iteration.json");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public static async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        if (!System.IO.File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(await System.IO.File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), JsonFormat.Indented);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable ({e.Message})", e);
        }
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON through a temporary file, so a stop never leaves half a file.</summary>
    public static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await System.IO.File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(value, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        System.IO.File.Move(temporary, path, overwrite: true);
    }
}
