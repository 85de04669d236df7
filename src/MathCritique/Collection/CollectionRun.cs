using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Runs;

namespace MathCritique.Collection;

/// <summary>What a collection run produced: every critique record, how many were exported, the statistics.</summary>
public sealed record CollectionResult(IReadOnlyList<CritiqueRecord> Records, int Exported, CollectionStats Stats);

/// <summary>
/// The whole <c>collect</c> stage in one call: checks the directory's run.json, runs the
/// <see cref="CollectionPipeline"/> (construct, annotate, Monte-Carlo filter), exports the critic SFT data
/// (<see cref="CritiqueDatasetExporter"/>) and the solutions in ProcessBench's layout (<see cref="ProcessBenchExporter"/>),
/// and writes <c>stats.md</c>.
/// </summary>
public static class CollectionRun
{
    public const string StatsFile = "stats.md";

    public static async Task<CollectionResult> RunAsync(IReadOnlyList<Problem> problems, CollectionRunOptions options,
        IProgress<CollectionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var grader = new MathGrader();
        var collection = options.Collection;
        var actor = options.Actor.Sampler;
        var constructor = new SolutionConstructor(actor, options.Prompts, grader, collection.Construction, options.MistakeInserter);
        var filter = new MonteCarloFilter(actor, options.Prompts, grader, collection.Filter);
        var pipeline = new CollectionPipeline(constructor, options.Annotator.Annotator, filter, collection);
        await RunManifest.CheckAsync(options.Directory, new CollectRunConfig(options.Actor.Identity, options.Annotator.Identity,
            options.ProblemSource, problems.Count, collection, options.Annotator.Settings, options.MistakeInserterIdentity), cancellationToken).ConfigureAwait(false);

        var records = await pipeline.RunAsync(problems, options.Directory, progress, cancellationToken).ConfigureAwait(false);
        int exported = await new CritiqueDatasetExporter(options.Prompts).ExportAsync(records, options.Directory, cancellationToken).ConfigureAwait(false);
        var problemsById = problems.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var processBench = await new ProcessBenchExporter(options.Actor.Identity, options.SolutionLabeler)
            .ExportAsync(records, problemsById, options.Directory, cancellationToken).ConfigureAwait(false);
        var dropped = await CollectionPipeline.ReadDroppedAsync(options.Directory, cancellationToken).ConfigureAwait(false);
        var stats = CollectionStats.From(records, dropped, processBench);
        await File.WriteAllTextAsync(Path.Combine(options.Directory, StatsFile), stats.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        return new CollectionResult(records, exported, stats);
    }
}
