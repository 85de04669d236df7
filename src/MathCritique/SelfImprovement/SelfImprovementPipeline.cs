using System.Diagnostics;
using MathCritique.Grading;
using MathCritique.Models;
using MathCritique.Problems;
using MathCritique.Runs;

namespace MathCritique.SelfImprovement;

/// <summary>What run.json records for a self-improvement run: a re-run that asks for anything else is refused.</summary>
public sealed record SelfImprovementRunConfig(string BaseActor, string? Critic, string Trainer, string ProblemSource, int TrainProblems, int HeldOutProblems,
    int SeedExamples, bool StepChecker, IReadOnlyList<SelfImprovementArm> Arms, SelfImprovementOptions Loop);

/// <summary>What a run produced: its directory, summary.json and report.md.</summary>
public sealed record SelfImprovementResult(string Directory, SelfImprovementSummary Summary)
{
    public string SummaryPath => Path.Combine(Directory, "summary.json");
    public string ReportPath => Path.Combine(Directory, "report.md");
}

/// <summary>
/// The whole <c>improve</c> stage in one call: the base actor's held-out accuracy, then each arm's iterations
/// (explore → verify → critique and refine → filter → training set → fine-tune → held-out evaluation), every step
/// recorded in a resumable run directory, then summary.json, report.md and plots built from the records.
/// </summary>
public static class SelfImprovementPipeline
{
    public static async Task<SelfImprovementResult> RunAsync(IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut, SelfImprovementPipelineOptions options,
        IProgress<SelfImprovementProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException("Self-improvement needs training problems and held-out problems.");
        if (train.Select(p => p.Id).Intersect(heldOut.Select(p => p.Id), StringComparer.Ordinal).FirstOrDefault() is { } shared)
            throw new ArgumentException($"Problem {shared} is both a training and a held-out problem.");
        var arms = SelfImprovementArms.All.Where(options.Arms.Contains).ToArray();
        var grader = new MathGrader();
        var runner = new IterationRunner(options, train, heldOut, new SolutionVerifier(grader, options.Labeler),
            new HeldOutEvaluator(options.Prompts, grader, options.Loop.ActorSampling.MaxTokens), progress);

        await using var baseHosted = await options.CheckpointHost.HostAsync(options.BaseCheckpoint, cancellationToken).ConfigureAwait(false);
        using var baseModel = await options.Opener.OpenAsync(baseHosted.Address, cancellationToken).ConfigureAwait(false);
        var config = new SelfImprovementRunConfig(baseModel.Identity, options.Critic?.Identity, options.Trainer, options.ProblemSource, train.Count, heldOut.Count,
            options.SeedExamples.Count, options.Labeler is not null, arms, options.Loop);
        await RunManifest.CheckAsync(options.Directory, config, cancellationToken).ConfigureAwait(false);

        var baseResults = await runner.EvaluateAsync(Path.Combine(options.Directory, "base", "eval.jsonl"), "base", 0, () => Task.FromResult(baseModel.Sampler), cancellationToken).ConfigureAwait(false);
        var iterations = new List<IterationSummary>();
        var heldOutResults = new Dictionary<(SelfImprovementArm, int), IReadOnlyList<HeldOutResult>>();
        foreach (var arm in arms)
        {
            iterations.Add(new IterationSummary(arm, 0, IterationMetrics.HeldOut(baseResults)));
            heldOutResults[(arm, 0)] = baseResults;
            var critiqueArm = iterations.Where(s => s.Arm == SelfImprovementArm.Critique).ToDictionary(s => s.Iteration);
            var run = new ArmRun(options, runner, arm, baseModel);
            await foreach (var (summary, results) in run.RunAsync(i => arm == SelfImprovementArm.ComputeMatched ? critiqueArm[i].Compute!.GeneratedTokens : null, cancellationToken).ConfigureAwait(false))
            {
                iterations.Add(summary);
                heldOutResults[(arm, summary.Iteration)] = results;
            }
        }

        var result = SelfImprovementSummary.Build(iterations, heldOutResults);
        var plots = options.Plots?.Invoke(result, options.Directory) ?? [];
        var output = new SelfImprovementResult(options.Directory, result);
        await File.WriteAllTextAsync(output.SummaryPath, System.Text.Json.JsonSerializer.Serialize(result, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(output.ReportPath, SelfImprovementReport.Write(result, options.Title, plots, [Describe(train.Count, heldOut.Count, options)]), cancellationToken).ConfigureAwait(false);
        return output;
    }

    private static string Describe(int train, int heldOut, SelfImprovementPipelineOptions options)
    {
        var loop = options.Loop;
        return $"{train} training and {heldOut} held-out problems from {options.ProblemSource}; N = {loop.Samples} first attempts per problem at T = {loop.ActorSampling.Temperature}" +
            $"{(loop.DifficultyAware ? " (difficulty-aware)" : "")}; {loop.Refinements} refinements per critique, {loop.Rounds} round(s), refine {loop.Refine.ToString().ToLowerInvariant()}; " +
            $"fine-tune from the {(loop.TrainFrom == TrainFrom.Base ? "base" : "previous model")} each iteration on {(loop.ExamplesPerIteration > 0 ? $"{loop.ExamplesPerIteration} examples" : "the set as it is")}; " +
            $"{(options.Labeler is null ? "answers checked by the grader" : "answers checked by the grader and steps by the exact checker")}; seed {loop.Seed}.";
    }

    /// <summary>One arm's iterations, each resumed from its directory; the actor of iteration i is the model iteration i − 1 trained.</summary>
    private sealed class ArmRun(SelfImprovementPipelineOptions options, IterationRunner runner, SelfImprovementArm arm, OpenedModel baseModel)
    {
        private HostedCheckpoint? _hosted;
        private OpenedModel? _owned;
        private string? _openCheckpoint;

        public async IAsyncEnumerable<(IterationSummary Summary, IReadOnlyList<HeldOutResult> HeldOut)> RunAsync(Func<int, long?> tokenBudget,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var loop = options.Loop;
            string checkpoint = options.BaseCheckpoint;
            var earlier = new List<KeptSolution>();
            try
            {
                for (int iteration = 1; iteration <= loop.Iterations; iteration++)
                {
                    var dir = new IterationDirectory(options.Directory, arm, iteration);
                    var explored = await ExploreAsync(dir, iteration, checkpoint, tokenBudget(iteration), ct).ConfigureAwait(false);
                    var filtered = await IterationRunner.FilterAsync(dir, explored.Records, loop.Filter, ct).ConfigureAwait(false);
                    var kept = filtered.SelectMany(f => f.Kept).ToArray();
                    if (await IterationDirectory.ReadAsync<IterationSummary>(dir.Summary, ct).ConfigureAwait(false) is { } done)
                    {
                        checkpoint = done.Training!.Checkpoint;
                        earlier.AddRange(kept);
                        yield return (done, await runner.EvaluateAsync(dir.Eval, arm.Name(), iteration, () => Actor(checkpoint, ct), ct).ConfigureAwait(false));
                        continue;
                    }
                    // A hosted model (a server) is stopped before training, which may need its memory.
                    await ReleaseAsync().ConfigureAwait(false);
                    var (composition, training) = await runner.TrainAsync(dir, arm, iteration, kept, earlier, loop.TrainFrom == TrainFrom.Base ? options.BaseCheckpoint : checkpoint, ct).ConfigureAwait(false);
                    checkpoint = training.Checkpoint;
                    earlier.AddRange(kept);
                    var evaluating = Stopwatch.StartNew();
                    var results = await runner.EvaluateAsync(dir.Eval, arm.Name(), iteration, () => Actor(checkpoint, ct), ct).ConfigureAwait(false);
                    var summary = new IterationSummary(arm, iteration, IterationMetrics.HeldOut(results))
                    {
                        Exploration = IterationMetrics.Exploration(explored.Records, filtered),
                        Compute = IterationMetrics.Compute(explored.Records.SelectMany(r => r)),
                        TrainingSet = composition,
                        Training = training,
                        Seconds = new PhaseSeconds(explored.Seconds, training.Seconds, evaluating.Elapsed.TotalSeconds),
                    };
                    await IterationDirectory.WriteAsync(dir.Summary, summary, ct).ConfigureAwait(false);
                    yield return (summary, results);
                }
            }
            finally
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }

        private async Task<(IReadOnlyList<IReadOnlyList<ProblemExploration>> Records, double Seconds)> ExploreAsync(IterationDirectory dir, int iteration, string checkpoint,
            long? tokenBudget, CancellationToken ct)
        {
            IReadOnlyDictionary<string, double>? passRates = null;
            if (options.Loop.DifficultyAware && iteration > 1)
            {
                var previous = new IterationDirectory(options.Directory, arm, iteration - 1);
                await using var store = await JsonlRecordStore<ProblemExploration>.OpenAsync(previous.Exploration, ct).ConfigureAwait(false);
                passRates = store.Existing.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => IterationMetrics.PassRate(g), StringComparer.Ordinal);
            }
            var records = await runner.ExploreAsync(dir, arm, iteration, () => Actor(checkpoint, ct), passRates, tokenBudget, ct).ConfigureAwait(false);
            var done = await IterationDirectory.ReadAsync<IterationRunner.ExplorationDone>(dir.ExplorationDone, ct).ConfigureAwait(false);
            return (records, done?.Seconds ?? 0);
        }

        private async Task<Sampling.ISampler> Actor(string checkpoint, CancellationToken ct) => (await OpenAsync(checkpoint, ct).ConfigureAwait(false)).Sampler;

        /// <summary>The model at <paramref name="checkpoint"/>: the base as opened, else hosted and opened (and kept for the next phase that needs it).</summary>
        private async Task<OpenedModel> OpenAsync(string checkpoint, CancellationToken ct)
        {
            if (checkpoint == options.BaseCheckpoint)
                return baseModel;
            if (_openCheckpoint == checkpoint && _owned is not null)
                return _owned;
            await ReleaseAsync().ConfigureAwait(false);
            _hosted = await options.CheckpointHost.HostAsync(checkpoint, ct).ConfigureAwait(false);
            _owned = await options.Opener.OpenAsync(_hosted.Address, ct).ConfigureAwait(false);
            _openCheckpoint = checkpoint;
            return _owned;
        }

        private async Task ReleaseAsync()
        {
            _owned?.Dispose();
            _owned = null;
            _openCheckpoint = null;
            if (_hosted is not null)
                await _hosted.DisposeAsync().ConfigureAwait(false);
            _hosted = null;
        }
    }
}
