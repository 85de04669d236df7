using MathCritique.Grading;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.CriticEvaluation;

/// <summary>Options of <see cref="CriticEvaluator"/>.</summary>
public sealed record CriticEvalOptions
{
    public SamplingOptions CriticSampling { get; init; } = new() { Temperature = 0, MaxTokens = 512 };
    /// <summary>With a stepwise prompt set: judgements per step, majority verdict (needs a critic temperature above 0).</summary>
    public int CriticVotes { get; init; } = 1;
    public SamplingOptions ActorSampling { get; init; } = new() { Temperature = 0, MaxTokens = 256 };
    /// <summary>How the actor refines: with <see cref="RefineMode.Resume"/>, the baseline (which names no step) starts over.</summary>
    public RefineMode Refine { get; init; } = RefineMode.Rewrite;
    /// <summary>Refine every solution with the critique (closed-loop fix/break rates); off measures only the critique.</summary>
    public bool ClosedLoop { get; init; } = true;
    /// <summary>The baseline feedback the critic's critiques are compared with.</summary>
    public string BaselineFeedback { get; init; } = Refinement.TryAgainFeedback;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Measures a critic on solutions with exact labels: verdict accuracy, precision/recall of rejecting wrong
/// solutions, first-error localisation, parse failures, and — closing the loop — how often the actor's
/// refinement guided by the critique fixes wrong solutions or breaks right ones, against a generic
/// "wrong, try again" baseline. Refinements are made whatever the critic said, so that fix and break
/// rates measure the critique's content.
/// </summary>
public sealed class CriticEvaluator(ISampler critic, ISampler? actor, PromptSet prompts, MathGrader grader, CriticEvalOptions options)
{
    public async Task<IReadOnlyList<CriticJudgement>> EvaluateAsync(IReadOnlyList<LabeledSolution> solutions, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(solutions);
        StepVoting.Validate(options.CriticVotes, options.CriticSampling);
        var critiques = new RequestBatch(critic);
        var pending = solutions.Select(s => prompts.AddCritique(critiques, s.Problem.Question, s.Solution, options.CriticSampling, options.Seed, options.CriticVotes)).ToArray();
        await critiques.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        var replies = pending.Select(t => t.Result).ToArray();
        var texts = replies.Select(r => r.Text).ToArray();

        Task<Completion>[]? refined = null, baseline = null;
        if (options.ClosedLoop && actor is not null)
        {
            var refinements = new RequestBatch(actor);
            Task<Completion> Refine(LabeledSolution s, string feedback) =>
                Refinement.Add(refinements, prompts, options.Refine, s.Problem.Question, s.Solution, feedback, options.ActorSampling, options.Seed);
            refined = solutions.Select((s, i) => Refine(s, texts[i])).ToArray();
            baseline = solutions.Select(s => s.Correct ? null! : Refine(s, options.BaselineFeedback)).ToArray();
            await refinements.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        return solutions.Select((s, i) =>
        {
            var parsed = replies[i].Parsed;
            bool? Right(Task<Completion>? t) => t is null ? null : grader.Grade(s.Problem.ReferenceAnswer, t.Result.Text).Correct;
            return new CriticJudgement(
                s.Problem.Id, s.Problem.Level, s.Correct, s.FirstWrongStep,
                texts[i], replies[i].ParseFailed, parsed.Critique.RejectsSolution, parsed.Critique.FirstWrongStep,
                Right(refined?[i]), Right(baseline?[i])) { Solution = s.Solution };
        }).ToArray();
    }
}
