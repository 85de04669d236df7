using MathCritique.Prompts;
using MathCritique.Training;

namespace MathCritique.Collection;

/// <summary>
/// Writes the kept critiques as critic SFT data (<see cref="SftDatasetExporter"/>'s formats, named <c>critic_*</c>):
/// each kept record becomes one example whose prompt is the critic prompt of <see cref="PromptSet"/> and whose
/// completion is the critique.
/// </summary>
public sealed class CritiqueDatasetExporter(PromptSet prompts)
{
    private static readonly SftDatasetExporter Files = new("critic", "mathcritique_critic");

    public static string ShareGptFile => Files.ShareGptFile;
    public static string AlpacaFile => Files.AlpacaFile;
    public const string DatasetInfoFile = SftDatasetExporter.DatasetInfoFile;
    public static string OpenAiFile => Files.OpenAiFile;
    public static string SftFile => Files.SftFile;

    /// <summary>The critic SFT examples of the kept records.</summary>
    public IReadOnlyList<SftExample> Examples(IEnumerable<CritiqueRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Where(r => r.Kept).Select(r => new SftExample(prompts.BuildCritique(r.Question, r.Solution), r.Critique)).ToArray();
    }

    /// <summary>Writes all formats into <paramref name="directory"/>; returns the number of examples.</summary>
    public async Task<int> ExportAsync(IEnumerable<CritiqueRecord> records, string directory, CancellationToken cancellationToken = default)
    {
        var examples = Examples(records);
        await Files.ExportAsync(examples, directory, cancellationToken).ConfigureAwait(false);
        return examples.Count;
    }
}
