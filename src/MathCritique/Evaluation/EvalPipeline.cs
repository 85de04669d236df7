using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Evaluation;

/// <summary>What an evaluation produced: the run directory, every problem's record, the summary.</summary>
public sealed record EvalResult(EvalRun Run, IReadOnlyList<ProblemRecord> Records, EvalSummary Summary);

/// <summary>
/// The whole <c>eval</c> stage in one call: the critique loop over every test-time strategy the options ask for, in a
/// resumable <see cref="EvalRun"/>, then the summary of every strategy (summary.json, report.md and plots).
/// </summary>
public static class EvalPipeline
{
    public static async Task<EvalResult> RunAsync(IReadOnlyList<Problem> problems, EvalPipelineOptions options,
        IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var grader = new MathGrader();
        var loop = options.Loop;
        var runner = new CritiqueLoopRunner(options.Actor.Sampler, options.Critic.Sampler, options.Prompts, grader, loop, TestTimeStrategies.For(loop));
        var run = new EvalRun(options.Directory);
        var config = new EvalRunConfig(options.Actor.Identity, options.Critic.Identity, options.ProblemSource, problems.Count, loop);
        var records = await run.RunAsync(problems, runner, config, progress, cancellationToken).ConfigureAwait(false);

        var summary = EvalSummary.Build(records, new StrategyScorer(TestTimeStrategies.All, grader));
        var plots = options.Plots?.Invoke(summary, run.Directory) ?? [];
        await run.WriteSummaryAsync(summary, options.Title, plots, [Describe(problems.Count, options.ProblemSource, loop)], cancellationToken).ConfigureAwait(false);
        return new EvalResult(run, records, summary);
    }

    /// <summary>The report's note on what was run.</summary>
    private static string Describe(int problems, string source, CritiqueLoopOptions loop) =>
        $"{problems} problems from {source}; K = {loop.Samples} samples at T = {loop.ActorSampling.Temperature}; {loop.Rounds} critique→refine rounds " +
        $"({loop.Refine.ToString().ToLowerInvariant()}{(loop.RefineCandidates > 1 ? $", best of {loop.RefineCandidates}" : "")}); seed {loop.Seed}.";
}
