using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.SelfImprovement;

/// <summary>The actor's greedy solution of one held-out problem, graded (a line of <c>eval.jsonl</c>).</summary>
public sealed record HeldOutResult(string Id, int? Level, bool Correct, string? Answer, int Tokens);

/// <summary>Held-out accuracy of an actor: one greedy solution per problem, graded against the reference.</summary>
public sealed class HeldOutEvaluator(PromptSet prompts, MathGrader grader, int maxTokens)
{
    public async Task<IReadOnlyList<HeldOutResult>> EvaluateAsync(ISampler actor, IReadOnlyList<Problem> problems,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(problems);
        var batch = new RequestBatch(actor);
        var options = new SamplingOptions { Temperature = 0, MaxTokens = maxTokens };
        var requests = problems.Select(p => batch.Add(prompts.BuildSolve(p.Question), options, 0)).ToArray();
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        return problems.Select((p, i) =>
        {
            var completion = requests[i].Result;
            var graded = grader.Grade(p.ReferenceAnswer, completion.Text);
            return new HeldOutResult(p.Id, p.Level, graded.Correct, graded.PredictedAnswer, completion.GeneratedTokens);
        }).ToArray();
    }
}
