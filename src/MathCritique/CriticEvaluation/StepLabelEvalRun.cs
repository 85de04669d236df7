using System.Text.Json;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.Sampling;

namespace MathCritique.CriticEvaluation;

/// <summary>Progress of a <see cref="StepLabelEvalRun"/>, in solutions, and the sampling of the batch in flight.</summary>
public readonly record struct StepLabelEvalProgress(int SolutionsDone, int SolutionsTotal, SamplingProgress Sampling);

/// <summary>
/// <c>critic-eval --data</c>: the critic critiques each step-labelled solution (<see cref="StepLabeledDataReader"/>),
/// shown one step per line (<see cref="RenderedSteps"/>), and its first wrong step is scored against the label
/// (<see cref="StepLabelReport"/>). A resumable run directory: <c>run.json</c>, <c>records.jsonl</c> (one
/// <see cref="StepLabelJudgement"/> per solution, appended a batch at a time; a re-run skips what is there),
/// <c>summary.json</c> and <c>report.md</c>.
/// </summary>
public sealed class StepLabelEvalRun(ISampler critic, PromptSet prompts, StepLabelRunConfig config)
{
    public const string RecordsFile = "records.jsonl";
    public const string SummaryFile = "summary.json";
    public const string ReportFile = "report.md";

    /// <summary>Draws the report's plots into the directory and returns their file names (the CLI's PNGs); null: none.</summary>
    public Func<StepLabelReport, string, IReadOnlyList<string>>? Plots { get; init; }

    public async Task<StepLabelReport> RunAsync(StepLabeledData data, string directory,
        IProgress<StepLabelEvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(directory);
        config.Options.Validate();
        var options = config.Options;
        var solutions = data.Solutions;
        await RunManifest.CheckAsync(directory, config, cancellationToken).ConfigureAwait(false);

        var judged = new Dictionary<(string Subset, string Id), StepLabelJudgement>();
        await using (var store = await JsonlRecordStore<StepLabelJudgement>.OpenAsync(Path.Combine(directory, RecordsFile), cancellationToken).ConfigureAwait(false))
        {
            foreach (var j in store.Existing)
                judged[(j.Subset, j.Id)] = j;
            var todo = solutions.Where(s => !judged.ContainsKey((s.Subset, s.Id))).ToArray();
            int finished = solutions.Count - todo.Length;
            progress?.Report(new StepLabelEvalProgress(finished, solutions.Count, default));
            var sampling = new SynchronousProgress<SamplingProgress>(s => progress?.Report(new StepLabelEvalProgress(finished, solutions.Count, s)));
            foreach (var chunk in todo.Chunk(options.SolutionsPerBatch))
            {
                var batch = new RequestBatch(critic);
                var rendered = chunk.Select(s => RenderedSteps.From(s.Steps)).ToArray();
                var pending = chunk.Select((s, i) => prompts.AddCritique(batch, s.Problem, rendered[i].Text, options.CriticSampling, options.Seed, options.CriticVotes)).ToArray();
                await batch.SendAsync(sampling, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < chunk.Length; i++)
                {
                    var judgement = StepLabelJudgement.From(chunk[i], rendered[i], (await pending[i].ConfigureAwait(false)).Text);
                    await store.AppendAsync(judgement, cancellationToken).ConfigureAwait(false);
                    judged[(judgement.Subset, judgement.Id)] = judgement;
                }
                finished += chunk.Length;
                progress?.Report(new StepLabelEvalProgress(finished, solutions.Count, default));
            }
        }

        var report = StepLabelReport.From(solutions.Select(s => judged[(s.Subset, s.Id)]).ToArray());
        await File.WriteAllTextAsync(Path.Combine(directory, SummaryFile), JsonSerializer.Serialize(new
        {
            critic = config.Critic,
            prompts = config.Prompts,
            data = config.Data,
            skipped = data.Skipped.Count,
            overall = report.Overall,
            bySubset = report.BySubset,
            byLabelSource = report.ByLabelSource,
            meanSubsetF1 = report.MeanSubsetF1,
        }, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        var plots = Plots?.Invoke(report, directory) ?? [];
        await File.WriteAllTextAsync(Path.Combine(directory, ReportFile), report.ToMarkdown($"Critic evaluation: {config.Critic}", Notes(data, plots)), cancellationToken).ConfigureAwait(false);
        return report;
    }

    private IReadOnlyList<string> Notes(StepLabeledData data, IReadOnlyList<string> plots)
    {
        var notes = new List<string>
        {
            $"Data: {string.Join(", ", config.Data)} ({data.Solutions.Count} solutions). Prompts: {config.Prompts}. Critic sampling: temperature {config.Options.CriticSampling.Temperature}, at most {config.Options.CriticSampling.MaxTokens} tokens, tool {config.Options.CriticSampling.Tool?.Name ?? "none"}, votes {config.Options.CriticVotes}, seed {config.Options.Seed}.",
        };
        if (data.Skipped.Count > 0)
            notes.Add($"Left out: {data.Skipped.Count} records whose labels say nothing of a first wrong step (first: {data.Skipped[0]}).");
        notes.AddRange(plots.Select(p => $"![{Path.GetFileNameWithoutExtension(p)}]({p})"));
        return notes;
    }
}
