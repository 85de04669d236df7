using System.Diagnostics;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.Sampling;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>
/// The phases of one iteration, each resumable from its files: explore (per problem batch), filter and build the
/// training set (pure, redone from the records), fine-tune (skipped once <c>training.json</c> is there; the job resumes
/// from a checkpoint the fine-tuner left), evaluate on the held-out problems (per batch).
/// </summary>
internal sealed class IterationRunner(SelfImprovementPipelineOptions options, IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut,
    SolutionVerifier verifier, HeldOutEvaluator evaluator, IProgress<SelfImprovementProgress>? progress)
{
    private SelfImprovementOptions Loop => options.Loop;

    /// <summary>Explores every training problem in waves (one, unless a token budget asks for more) and returns every wave's records, by problem.</summary>
    /// <param name="passRates">The previous iteration's pass rate per problem id, for difficulty-aware exploration; null in the first.</param>
    /// <param name="tokenBudget">For the compute-matched arm: generated tokens to reach with further waves of first attempts.</param>
    /// <param name="actor">Opens the actor, the first time a batch needs it (a finished exploration is read back without it).</param>
    public async Task<IReadOnlyList<IReadOnlyList<ProblemExploration>>> ExploreAsync(IterationDirectory dir, SelfImprovementArm arm, int iteration, Func<Task<ISampler>> actor,
        IReadOnlyDictionary<string, double>? passRates, long? tokenBudget, CancellationToken ct)
    {
        Directory.CreateDirectory(dir.Path);
        var started = Stopwatch.StartNew();
        await using var store = await JsonlRecordStore<ProblemExploration>.OpenAsync(dir.Exploration, ct).ConfigureAwait(false);
        var records = store.Existing.ToList();
        Explorer? explorer = null;
        var allocation = FirstAllocation(passRates);
        var offsets = new int[train.Count];
        for (int wave = 0; ; wave++)
        {
            var recorded = records.Where(r => r.Wave == wave).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            for (int start = 0; start < train.Count; start += Loop.ProblemsPerBatch)
            {
                var batch = Enumerable.Range(start, Math.Min(Loop.ProblemsPerBatch, train.Count - start)).ToArray();
                progress?.Report(new SelfImprovementProgress(arm.Name(), iteration, wave == 0 ? "explore" : $"explore (wave {wave + 1})", start, train.Count));
                if (batch.All(i => recorded.Contains(train[i].Id)))
                    continue;
                // A batch is explored whole even when a stop left part of it recorded: the same batch samples the same.
                var tasks = batch.Select(i => new ExplorationTask(train[i], offsets[i], allocation[i])).ToArray();
                explorer ??= new Explorer(await actor().ConfigureAwait(false), arm.UsesCritic() ? options.Critic!.Sampler : null, options.Prompts, verifier, Loop);
                foreach (var record in await explorer.ExploreAsync(tasks, iteration, wave, null, ct).ConfigureAwait(false))
                {
                    if (recorded.Add(record.Id))
                    {
                        await store.AppendAsync(record, ct).ConfigureAwait(false);
                        records.Add(record);
                    }
                }
            }
            for (int i = 0; i < train.Count; i++)
                offsets[i] += allocation[i];
            if (tokenBudget is not { } budget || wave + 1 >= Loop.MaxComputeMatchedWaves)
                break;
            var used = IterationMetrics.Compute(records).GeneratedTokens;
            if (used >= budget)
                break;
            // Enough further first attempts per problem to cover the rest at the mean length so far (at least one).
            double perSample = Math.Max(1, (double)used / Math.Max(1, offsets.Sum()));
            int more = Math.Max(1, (int)Math.Ceiling((budget - used) / perSample / train.Count));
            allocation = Enumerable.Repeat(more, train.Count).ToArray();
        }
        if (!File.Exists(dir.ExplorationDone))
            await IterationDirectory.WriteAsync(dir.ExplorationDone, new ExplorationDone(started.Elapsed.TotalSeconds), ct).ConfigureAwait(false);
        var byId = records.ToLookup(r => r.Id, StringComparer.Ordinal);
        return train.Select(p => (IReadOnlyList<ProblemExploration>)byId[p.Id].OrderBy(r => r.Wave).ToArray()).ToArray();
    }

    /// <summary>First attempts per problem in the first wave: N each, or split by difficulty with the same total.</summary>
    private int[] FirstAllocation(IReadOnlyDictionary<string, double>? passRates)
    {
        if (!Loop.DifficultyAware)
            return Enumerable.Repeat(Loop.Samples, train.Count).ToArray();
        int highest = train.Max(p => p.Level ?? 0);
        var difficulties = train.Select(p => DifficultyAllocation.Difficulty(
            passRates is not null && passRates.TryGetValue(p.Id, out var rate) && !double.IsNaN(rate) ? rate : null, p.Level, highest)).ToArray();
        return DifficultyAllocation.Allocate(difficulties, Loop.Samples * train.Count);
    }

    /// <summary>Filters each problem's solutions and writes every decision to <c>decisions.jsonl</c>.</summary>
    public static async Task<IReadOnlyList<FilteredProblem>> FilterAsync(IterationDirectory dir, IReadOnlyList<IReadOnlyList<ProblemExploration>> explored,
        ExplorationFilterOptions filter, CancellationToken ct)
    {
        var filtered = explored.Select(waves => ExplorationFilter.Apply(waves, filter)).ToArray();
        var temporary = dir.Decisions + ".tmp";
        await File.WriteAllLinesAsync(temporary, filtered.SelectMany(f => f.Decisions)
            .Select(d => System.Text.Json.JsonSerializer.Serialize(d, JsonFormat.Compact)), ct).ConfigureAwait(false);
        File.Move(temporary, dir.Decisions, overwrite: true);
        return filtered;
    }

    /// <summary>Builds the training set, writes it and its composition, and fine-tunes (once: <c>training.json</c> marks it done).</summary>
    public async Task<(SftComposition Composition, TrainingRecord Training)> TrainAsync(IterationDirectory dir, SelfImprovementArm arm, int iteration,
        IReadOnlyList<KeptSolution> kept, IReadOnlyList<KeptSolution> earlier, string startFrom, CancellationToken ct)
    {
        var set = SftSetBuilder.Build(options.Prompts, options.SeedExamples, kept, earlier, Loop.Mix, Loop.ExamplesPerIteration,
            StableHash.Fnv1a($"{arm.Name()}\u0001sft\u0001{iteration}", Loop.Seed));
        if (await IterationDirectory.ReadAsync<TrainingRecord>(dir.Training, ct).ConfigureAwait(false) is { } done)
            return (set.Composition, done);
        await new SftDatasetExporter("sft", "mathcritique_improve").ExportAsync(set.Examples, dir.SftFolder, ct).ConfigureAwait(false);
        await IterationDirectory.WriteAsync(dir.Sft, set.Composition, ct).ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        TrainingRecord record;
        if (set.Examples.Count == 0)
        {
            // Nothing verified and no seed: the iteration's model is the one it started from.
            record = new TrainingRecord(startFrom, startFrom, 0, 0, null, null, 0);
        }
        else
        {
            var job = new FineTuneJob
            {
                BaseModel = startFrom,
                Examples = set.Examples,
                Output = dir.File(Loop.CheckpointName),
                Hyperparameters = Loop.Hyperparameters,
                Resume = true,
            };
            var steps = new StepReporter(p => progress?.Report(new SelfImprovementProgress(arm.Name(), iteration, "train", p.Step, p.TotalSteps)));
            var result = await options.FineTuner.FineTuneAsync(job, steps, ct).ConfigureAwait(false);
            record = new TrainingRecord(result.Output, startFrom, result.Steps, set.Examples.Count,
                result.StepLosses.Count > 0 ? result.StepLosses[0] : null, result.StepLosses.Count > 0 ? result.StepLosses[^1] : null, started.Elapsed.TotalSeconds);
        }
        await IterationDirectory.WriteAsync(dir.Training, record, ct).ConfigureAwait(false);
        return (set.Composition, record);
    }

    /// <summary>Greedy held-out results of the actor, appended to <paramref name="path"/> per batch and resumed from it.</summary>
    /// <param name="actor">Opens the actor, the first time a batch needs it.</param>
    public async Task<IReadOnlyList<HeldOutResult>> EvaluateAsync(string path, string arm, int iteration, Func<Task<ISampler>> actor, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var store = await JsonlRecordStore<HeldOutResult>.OpenAsync(path, ct).ConfigureAwait(false);
        var done = store.Existing.ToDictionary(r => r.Id, StringComparer.Ordinal);
        for (int start = 0; start < heldOut.Count; start += Loop.ProblemsPerBatch)
        {
            progress?.Report(new SelfImprovementProgress(arm, iteration, "evaluate", start, heldOut.Count));
            var batch = heldOut.Skip(start).Take(Loop.ProblemsPerBatch).ToArray();
            if (batch.All(p => done.ContainsKey(p.Id)))
                continue;
            foreach (var result in await evaluator.EvaluateAsync(await actor().ConfigureAwait(false), batch, null, ct).ConfigureAwait(false))
            {
                if (done.TryAdd(result.Id, result))
                    await store.AppendAsync(result, ct).ConfigureAwait(false);
            }
        }
        return heldOut.Select(p => done[p.Id]).ToArray();
    }

    // Reports on the trainer's thread, as each step ends (Progress<T> would post it later, to the thread pool).
    private sealed class StepReporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>The seconds of the session that finished exploring (<c>exploration.json</c>).</summary>
    internal sealed record ExplorationDone(double Seconds);
}
