using System.Text.Json;
using MathCritique.Collection;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>What a build produced: the traces and drops, both training sets, and the statistics.</summary>
public sealed record SelfTalkBuildResult(SelfTalkDataset Dataset, IReadOnlyList<SftExample> SelfTalk, IReadOnlyList<SftExample> PlainCot, SelfTalkStats Stats);

/// <summary>
/// The whole <c>selftalk build</c> stage in one call: reads a collect directory's critique records (or an improve run's
/// exploration records as such, <see cref="ImproveRunRecords"/>), builds the traces
/// (<see cref="SelfTalkDatasetBuilder"/>), fills a plain-CoT set of right solutions on the same problems to the same
/// number of trained tokens (<see cref="EqualTokenBudget"/>; with <see cref="SelfTalkBuildOptions.MaskRetracted"/> the
/// traces' retracted steps are not trained on and do not count), and writes <c>traces.jsonl</c>, <c>dropped.jsonl</c>,
/// each set in <see cref="SftDatasetExporter"/>'s formats (<c>selftalk/</c>, <c>plain-cot/</c>: each its own
/// LLaMA-Factory dataset directory), <c>stats.md</c> and <c>stats.json</c>.
/// </summary>
public static class SelfTalkBuild
{
    public const string TracesFile = "traces.jsonl";
    public const string DroppedFile = "dropped.jsonl";
    public const string StatsFile = "stats.md";
    public const string StatsJsonFile = "stats.json";
    public const string SelfTalkDirectory = "selftalk";
    public const string PlainCotDirectory = "plain-cot";

    public static SftDatasetExporter SelfTalkFiles { get; } = new("selftalk", "mathcritique_selftalk");
    public static SftDatasetExporter PlainCotFiles { get; } = new("plain_cot", "mathcritique_plain_cot");

    public static async Task<SelfTalkBuildResult> RunAsync(SelfTalkBuildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (records, problems, layout, bySource) = File.Exists(Path.Combine(options.From, CollectionPipeline.RecordsFile))
            ? await ReadCollectAsync(options, cancellationToken).ConfigureAwait(false)
            : ImproveRunRecords.IsRunDirectory(options.From)
                ? await ReadImproveAsync(options, cancellationToken).ConfigureAwait(false)
                : throw new FileNotFoundException($"{options.From}: neither a collect output directory (critiques.jsonl) nor an improve run directory (run.json and {{arm}}/iteration-{{i}}/exploration.jsonl)", options.From);

        var dataset = new SelfTalkDatasetBuilder(new MathGrader(), options.Labeler, options.Dataset).Build(records, problems);
        var selfTalk = dataset.Traces.Select(t => new SftExample(options.Prompts.BuildSolve(t.Question), t.Text)
        {
            Unscored = options.MaskRetracted ? RetractedSteps.Spans(t.Text) : [],
        }).ToArray();
        long Tokens(SftExample e) => options.Tokens.CountTrained(e);
        var plainCandidates = dataset.Traces.GroupBy(t => t.ProblemId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<SftExample>)dataset.RightSolutions[g.Key].Select(s => new SftExample(options.Prompts.BuildSolve(g.First().Question), s)).ToArray())
            .ToArray();
        var plainCot = EqualTokenBudget.Fill(plainCandidates, selfTalk.Sum(Tokens), Tokens);

        var stats = Stats(records.Count, dataset, selfTalk, plainCot, options) with { Layout = layout, RecordsBySource = bySource };
        Directory.CreateDirectory(options.Directory);
        await File.WriteAllLinesAsync(Path.Combine(options.Directory, TracesFile), dataset.Traces.Select(t => JsonSerializer.Serialize(t, JsonFormat.Compact)), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(options.Directory, DroppedFile), dataset.Dropped.Select(d => JsonSerializer.Serialize(d, JsonFormat.Compact)), cancellationToken).ConfigureAwait(false);
        await SelfTalkFiles.ExportAsync(selfTalk, Path.Combine(options.Directory, SelfTalkDirectory), cancellationToken).ConfigureAwait(false);
        await PlainCotFiles.ExportAsync(plainCot, Path.Combine(options.Directory, PlainCotDirectory), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.Directory, StatsFile), stats.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.Directory, StatsJsonFile), JsonSerializer.Serialize(stats, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        return new SelfTalkBuildResult(dataset, selfTalk, plainCot, stats);
    }

    private static SelfTalkStats Stats(int records, SelfTalkDataset dataset, IReadOnlyList<SftExample> selfTalk, IReadOnlyList<SftExample> plainCot, SelfTalkBuildOptions options)
    {
        var tokens = options.Tokens;
        static IReadOnlyDictionary<string, int> Count(IEnumerable<string> keys) =>
            keys.GroupBy(k => k).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        TrainingSetSize Size(IReadOnlyList<SftExample> set) => new(set.Count,
            set.Sum(e => (long)tokens.Count(e.Completion)), set.Sum(e => tokens.CountTrained(e)), set.Sum(e => (long)tokens.Count(e.Prompt)), set.Sum(e => (long)e.Completion.Length));
        var traces = dataset.Traces;
        return new SelfTalkStats(
            records,
            traces.Select(t => t.ProblemId).Distinct(StringComparer.Ordinal).Count(),
            traces.Count,
            Count(traces.Select(t => t.FlaggedSteps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Count(traces.Select(t => t.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown")),
            traces.Count == 0 ? 0 : traces.Average(t => t.FlaggedSteps.Count),
            traces.Count == 0 ? 0 : traces.Average(t => t.Confirmations),
            Count(dataset.Dropped.Select(d => d.Reason.ToString())),
            tokens.Name,
            Size(selfTalk),
            Size(plainCot))
        {
            MaskRetracted = options.MaskRetracted,
        };
    }

    /// <summary>What a build reads: the records, the problems by id (null: each record's own), the layout and the records per source.</summary>
    private sealed record BuildInput(IReadOnlyList<CritiqueRecord> Records, IReadOnlyDictionary<string, Problem>? Problems, string Layout,
        IReadOnlyDictionary<string, SourceRecords> BySource);

    private static async Task<BuildInput> ReadCollectAsync(SelfTalkBuildOptions options, CancellationToken cancellationToken)
    {
        if (options.Arms is not null || options.Iterations is not null)
            throw new ArgumentException($"{options.From}: a collect directory has no arms or iterations; those choose what to read of an improve run");
        // The problems given must be the ones collect ran on, or the records would be checked against other problems.
        var (manifest, collected) = await ProblemSourceAsync(options.From, cancellationToken).ConfigureAwait(false);
        if (options.ProblemSource is not null && collected is not null && collected != options.ProblemSource)
            throw new InvalidOperationException($"{manifest}: collect ran on \"{collected}\", these options give \"{options.ProblemSource}\"; give the problem options collect ran with");
        var recordsPath = Path.Combine(options.From, CollectionPipeline.RecordsFile);
        var records = await ReadRecordsAsync(recordsPath, cancellationToken).ConfigureAwait(false);
        var problems = options.Problems?.ToDictionary(p => p.Id, StringComparer.Ordinal);
        if (options.Labeler is not null && records.FirstOrDefault(r => !problems!.ContainsKey(r.ProblemId)) is { } stray)
            throw new InvalidDataException($"{recordsPath}: problem {stray.ProblemId} is not among the given problems; give the problem options collect ran with");
        return new BuildInput(records, problems, SelfTalkStats.CollectLayout,
            new Dictionary<string, SourceRecords> { [CollectionPipeline.RecordsFile] = new(records.Count, 0) });
    }

    /// <summary>
    /// An improve run's records, on its problems as the records carry them (with reference solutions). Given problems
    /// replace them (a labeler needs the generator's), but only where they are the same problems: improve's run.json
    /// describes its training and held-out sets together, so the problems are compared, not their descriptions.
    /// </summary>
    private static async Task<BuildInput> ReadImproveAsync(SelfTalkBuildOptions options, CancellationToken cancellationToken)
    {
        var run = await ImproveRunRecords.ReadAsync(options.From, options.Arms, options.Iterations, cancellationToken).ConfigureAwait(false);
        var (_, improved) = await ProblemSourceAsync(options.From, cancellationToken).ConfigureAwait(false);
        var given = options.Problems?.ToDictionary(p => p.Id, StringComparer.Ordinal) ?? [];
        var problems = new Dictionary<string, Problem>(given, StringComparer.Ordinal);
        const string Advice = "give the options of its training problems (--levels, --per-level and --lab-seed as improve's --train-levels, --train-per-level and --lab-seed; --split train)";
        foreach (var problem in run.Problems)
        {
            if (given.TryGetValue(problem.Id, out var same))
            {
                if (same.Question != problem.Question || same.ReferenceAnswer != problem.ReferenceAnswer)
                    throw new InvalidOperationException($"{options.From}: problem {problem.Id} of the improve run (\"{improved}\") is not the given problem of that id; {Advice}");
            }
            else if (options.Labeler is not null)
                throw new InvalidDataException($"{options.From}: problem {problem.Id} of the improve run (\"{improved}\") is not among the given problems; {Advice}");
            else
                problems[problem.Id] = problem;
        }
        return new BuildInput(run.Records, problems, SelfTalkStats.ImproveLayout, run.BySource);
    }

    /// <summary>The <c>problem_source</c> a run directory's run.json records, with the file's path (null when there is none).</summary>
    private static async Task<(string Path, string? ProblemSource)> ProblemSourceAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, RunManifest.FileName);
        if (!File.Exists(path))
            return (path, null);
        try
        {
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
            return (path, manifest.RootElement.TryGetProperty("problem_source", out var source) ? source.GetString() : null);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable ({e.Message})", e);
        }
    }

    /// <summary>Reads <c>critiques.jsonl</c> without opening it for writing (the collect directory is only read).</summary>
    private static async Task<IReadOnlyList<CritiqueRecord>> ReadRecordsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found", path);
        var records = new List<CritiqueRecord>();
        int line = 0;
        await foreach (var text in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<CritiqueRecord>(text, JsonFormat.Compact) ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{line}: not a critique record ({e.Message})", e);
            }
        }
        return records;
    }
}
