using System.Text.Json;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.Sampling;

namespace MathCritique.CriticEvaluation;

/// <summary>The stage of a <see cref="CriticEvalRun"/> a progress report is about.</summary>
public enum CriticEvalStage
{
    /// <summary>The actor writes the solutions to judge.</summary>
    Solutions,

    /// <summary>The critic judges them and the actor refines them.</summary>
    CritiquesAndRefinements,
}

/// <summary>Progress of a <see cref="CriticEvalRun"/>: its stage and that stage's sampling progress.</summary>
public sealed record CriticEvalProgress(CriticEvalStage Stage, SamplingProgress Sampling);

/// <summary>
/// The critic-eval pipeline: the actor samples solutions to problems, <see cref="ISolutionLabeler"/> labels them
/// exactly, <see cref="CriticEvaluator"/> has the critic judge them and the actor refine them, and the run writes
/// <c>judgements.jsonl</c>, <c>metrics.json</c> and <c>metrics.md</c>.
/// </summary>
public sealed class CriticEvalRun(ISampler actor, ISampler critic, PromptSet prompts, ISolutionLabeler labeler, CriticEvalRunOptions options)
{
    public const string JudgementsFile = "judgements.jsonl";
    public const string MetricsFile = "metrics.json";
    public const string MetricsTableFile = "metrics.md";

    public async Task<CriticEvalReport> RunAsync(IReadOnlyList<Problem> problems, string directory,
        IProgress<CriticEvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(directory);
        options.Validate();
        var evaluation = options.Evaluation;

        // The solutions to judge: the actor's own samples, labeled exactly.
        var requests = problems.Select(p => new SamplingRequest
        {
            Messages = [new(Microsoft.Extensions.AI.ChatRole.User, prompts.BuildSolve(p.Question))],
            N = options.SamplesPerProblem,
            Options = options.SolutionSampling,
            Seed = evaluation.Seed,
        }).ToArray();
        var solved = await actor.SampleAsync(requests, Stage(CriticEvalStage.Solutions), cancellationToken).ConfigureAwait(false);
        var labeled = problems.Zip(solved).SelectMany(x => x.Second.Completions.Select(c => labeler.Label(x.First, c.Text))).ToArray();

        var evaluator = new CriticEvaluator(critic, actor, prompts, new MathGrader(), evaluation);
        var judgements = await evaluator.EvaluateAsync(labeled, Stage(CriticEvalStage.CritiquesAndRefinements), cancellationToken).ConfigureAwait(false);

        var report = CriticEvalReport.From(judgements);
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(Path.Combine(directory, JudgementsFile), judgements.Select(j => JsonSerializer.Serialize(j, JsonFormat.Compact)), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, MetricsFile),
            JsonSerializer.Serialize(new { overall = report.Overall, byLevel = report.ByLevel }, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, MetricsTableFile), report.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        return report;

        IProgress<SamplingProgress>? Stage(CriticEvalStage stage) =>
            progress is null ? null : new StageProgress(progress, stage);
    }

    private sealed class StageProgress(IProgress<CriticEvalProgress> progress, CriticEvalStage stage) : IProgress<SamplingProgress>
    {
        public void Report(SamplingProgress value) => progress.Report(new CriticEvalProgress(stage, value));
    }
}
