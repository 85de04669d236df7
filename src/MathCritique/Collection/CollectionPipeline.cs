using MathCritique.Critiques;
using MathCritique.Problems;
using MathCritique.Runs;

namespace MathCritique.Collection;

/// <summary>Progress of a collection run, in problems.</summary>
public readonly record struct CollectionProgress(int ProblemsDone, int ProblemsTotal, int RecordsWritten, int RecordsKept);

/// <summary>
/// AutoMathCritique: construct candidate solutions (RG1–RG3), annotate them with step-level critiques,
/// Monte-Carlo filter the critiques, and append every record to <c>critiques.jsonl</c> in the output
/// directory (and what construction dropped, with why, to <c>dropped.jsonl</c>). Resumable: a problem is recorded in
/// <c>done.jsonl</c> after all its records are written, and a re-run skips done problems and drops partial records of
/// a problem whose batch was interrupted.
/// </summary>
public sealed class CollectionPipeline(SolutionConstructor constructor, ICritiqueAnnotator annotator, MonteCarloFilter filter, CollectionOptions options)
{
    public const string RecordsFile = "critiques.jsonl";
    public const string DoneFile = "done.jsonl";
    public const string DroppedFile = "dropped.jsonl";

    private sealed record DoneMarker(string ProblemId);

    public async Task<IReadOnlyList<CritiqueRecord>> RunAsync(
        IReadOnlyList<Problem> problems, string outputDirectory, IProgress<CollectionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        options.Validate();
        Directory.CreateDirectory(outputDirectory);
        var recordsPath = Path.Combine(outputDirectory, RecordsFile);
        var donePath = Path.Combine(outputDirectory, DoneFile);
        var droppedPath = Path.Combine(outputDirectory, DroppedFile);

        HashSet<string> done;
        await using (var doneStore = await JsonlRecordStore<DoneMarker>.OpenAsync(donePath, cancellationToken).ConfigureAwait(false))
            done = doneStore.Existing.Select(d => d.ProblemId).ToHashSet(StringComparer.Ordinal);
        await DropPartialRecordsAsync<CritiqueRecord>(recordsPath, r => r.ProblemId, done, cancellationToken).ConfigureAwait(false);
        await DropPartialRecordsAsync<ConstructionDrop>(droppedPath, d => d.ProblemId, done, cancellationToken).ConfigureAwait(false);

        await using var records = await JsonlRecordStore<CritiqueRecord>.OpenAsync(recordsPath, cancellationToken).ConfigureAwait(false);
        await using var drops = await JsonlRecordStore<ConstructionDrop>.OpenAsync(droppedPath, cancellationToken).ConfigureAwait(false);
        await using var doneMarkers = await JsonlRecordStore<DoneMarker>.OpenAsync(donePath, cancellationToken).ConfigureAwait(false);
        var all = records.Existing.ToList();
        var todo = problems.Where(p => !done.Contains(p.Id)).ToArray();
        int finished = problems.Count - todo.Length;
        progress?.Report(new CollectionProgress(finished, problems.Count, all.Count, all.Count(r => r.Kept)));

        for (int start = 0; start < todo.Length; start += options.ProblemsPerBatch)
        {
            var batch = todo.Skip(start).Take(options.ProblemsPerBatch).ToArray();
            var (collected, dropped) = await CollectBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var record in collected)
            {
                await records.AppendAsync(record, cancellationToken).ConfigureAwait(false);
                all.Add(record);
            }
            foreach (var drop in dropped)
                await drops.AppendAsync(drop, cancellationToken).ConfigureAwait(false);
            foreach (var problem in batch)
                await doneMarkers.AppendAsync(new DoneMarker(problem.Id), cancellationToken).ConfigureAwait(false);
            finished += batch.Length;
            progress?.Report(new CollectionProgress(finished, problems.Count, all.Count, all.Count(r => r.Kept)));
        }
        return all;
    }

    private async Task<(IReadOnlyList<CritiqueRecord> Records, IReadOnlyList<ConstructionDrop> Dropped)> CollectBatchAsync(Problem[] problems, CancellationToken cancellationToken)
    {
        var (candidates, dropped) = await constructor.BuildAsync(problems, null, cancellationToken).ConfigureAwait(false);
        var critiques = await annotator.AnnotateAsync(candidates, cancellationToken).ConfigureAwait(false);
        var parsed = critiques.Select(CritiqueParser.Parse).ToArray();
        // Only critiques that parse are worth refining from; the rest are recorded as dropped.
        var toFilter = candidates.Select((c, i) => (Candidate: c, Critique: critiques[i], Index: i)).Where(x => !parsed[x.Index].IsEmpty).ToArray();
        IReadOnlyList<FilterOutcome> outcomes = options.SkipFilter
            ? toFilter.Select(_ => new FilterOutcome(0, 0, true, [])).ToArray()
            : await filter.FilterAsync(toFilter.Select(x => (x.Candidate, x.Critique)).ToArray(), null, cancellationToken).ConfigureAwait(false);
        var outcomeOf = toFilter.Select((x, j) => (x.Index, Outcome: outcomes[j])).ToDictionary(x => x.Index, x => x.Outcome);

        var records = candidates.Select((c, i) =>
        {
            var critique = parsed[i].Critique;
            var outcome = outcomeOf.GetValueOrDefault(i);
            return new CritiqueRecord
            {
                Id = c.Id,
                ProblemId = c.Problem.Id,
                Question = c.Problem.Question,
                ReferenceAnswer = c.Problem.ReferenceAnswer,
                Level = c.Problem.Level,
                Source = c.Problem.Source,
                Method = c.Method,
                Solution = c.Solution,
                SolutionAnswer = c.Answer,
                SolutionCorrect = c.Correct,
                ErrorStep = c.ErrorStep,
                ErrorType = c.ErrorType,
                BaseCorrect = c.BaseCorrect,
                Annotator = annotator.Name,
                Critique = critiques[i],
                FinalVerdict = critique.FinalAnswer,
                FirstWrongStep = critique.FirstWrongStep,
                StepVerdicts = critique.Steps.Select(s => new StoredStepVerdict(s.Index, s.StepText, s.Verdict, s.Explanation)).ToArray(),
                ParseIssues = parsed[i].Issues.Select(issue => $"line {issue.Line}: {issue.Message}").ToArray(),
                RefinementSamples = outcome?.Refinements ?? 0,
                RefinementCorrect = outcome?.Correct ?? 0,
                RefinementSuccessRate = outcome?.SuccessRate ?? 0,
                Kept = outcome?.Kept ?? false,
            };
        }).ToArray();
        return (records, dropped);
    }

    /// <summary>What construction dropped in <paramref name="outputDirectory"/> so far (none when nothing was).</summary>
    public static async Task<IReadOnlyList<ConstructionDrop>> ReadDroppedAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(outputDirectory, DroppedFile);
        if (!File.Exists(path))
            return [];
        await using var store = await JsonlRecordStore<ConstructionDrop>.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return store.Existing;
    }

    private static async Task DropPartialRecordsAsync<T>(string path, Func<T, string> problemId, HashSet<string> done, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return;
        IReadOnlyList<T> existing;
        await using (var store = await JsonlRecordStore<T>.OpenAsync(path, cancellationToken).ConfigureAwait(false))
            existing = store.Existing;
        if (existing.All(r => done.Contains(problemId(r))))
            return;
        var temporary = path + ".tmp";
        File.Delete(temporary);
        await using (var store = await JsonlRecordStore<T>.OpenAsync(temporary, cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in existing.Where(r => done.Contains(problemId(r))))
                await store.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
