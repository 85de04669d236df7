using System.Text.Json;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.Sampling;
using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>Progress of an evaluation run, in problems.</summary>
public readonly record struct EvalProgress(int ProblemsDone, int ProblemsTotal, SamplingProgress Sampling);

/// <summary>
/// A resumable evaluation run in a directory: <c>run.json</c> (what was asked), <c>records.jsonl</c>
/// (every sample, critique and refinement, appended per problem batch), <c>summary.json</c> and
/// <c>report.md</c>. Re-running in the same directory skips the problems already recorded.
/// </summary>
public sealed class EvalRun(string directory)
{
    public string Directory { get; } = directory;
    public string ConfigPath => Path.Combine(Directory, RunManifest.FileName);
    public string RecordsPath => Path.Combine(Directory, "records.jsonl");
    public string SummaryPath => Path.Combine(Directory, "summary.json");
    public string ReportPath => Path.Combine(Directory, "report.md");

    public async Task<IReadOnlyList<ProblemRecord>> RunAsync(
        IReadOnlyList<Problem> problems, CritiqueLoopRunner runner, EvalRunConfig config,
        IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(runner);
        await RunManifest.CheckAsync(Directory, config, cancellationToken).ConfigureAwait(false);

        await using var store = await JsonlRecordStore<ProblemRecord>.OpenAsync(RecordsPath, cancellationToken).ConfigureAwait(false);
        var done = store.Existing.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var todo = problems.Where(p => !done.ContainsKey(p.Id)).ToArray();
        int finished = problems.Count - todo.Length;
        var sampling = new SynchronousProgress<SamplingProgress>(s => progress?.Report(new EvalProgress(finished, problems.Count, s)));
        progress?.Report(new EvalProgress(finished, problems.Count, default));
        await foreach (var record in runner.RunAsync(todo, sampling, cancellationToken).ConfigureAwait(false))
        {
            await store.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            done[record.Id] = record;
            progress?.Report(new EvalProgress(++finished, problems.Count, default));
        }
        return problems.Select(p => done[p.Id]).ToArray();
    }

    /// <summary>Writes <paramref name="summary"/> as summary.json and report.md.</summary>
    public async Task WriteSummaryAsync(EvalSummary summary, string title, IReadOnlyList<string> plots,
        IReadOnlyList<string> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await File.WriteAllTextAsync(SummaryPath, JsonSerializer.Serialize(summary, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(ReportPath, MarkdownReport.Write(summary, title, plots, notes), cancellationToken).ConfigureAwait(false);
    }
}
