using MathCritique.Grading;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.Collection;

/// <summary>Options of <see cref="MonteCarloFilter"/>: N refinements per critique, keep when at least K are right.</summary>
public sealed record MonteCarloFilterOptions
{
    public int Refinements { get; init; } = 4;
    public int MinCorrect { get; init; } = 1;
    public SamplingOptions Sampling { get; init; } = new() { Temperature = 0.7f, MaxTokens = 256 };
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Refinements < 1)
            throw new ArgumentOutOfRangeException(nameof(Refinements), Refinements, "must be >= 1");
        if (MinCorrect < 0 || MinCorrect > Refinements)
            throw new ArgumentOutOfRangeException(nameof(MinCorrect), MinCorrect, "must be in [0, Refinements]");
        Sampling.Validate();
    }
}

/// <summary>The refinements sampled for one critique and the keep/drop decision.</summary>
public sealed record FilterOutcome(int Refinements, int Correct, bool Kept, IReadOnlyList<string> Samples)
{
    public double SuccessRate => Refinements == 0 ? 0 : (double)Correct / Refinements;
}

/// <summary>
/// The paper's Monte-Carlo filter: a critique is kept when at least K of N actor refinements guided by it
/// reach the right answer. For a right solution with a "Correct" critique that means the refinement stays right.
/// </summary>
public sealed class MonteCarloFilter(ISampler actor, PromptSet prompts, MathGrader grader, MonteCarloFilterOptions options)
{
    public async Task<IReadOnlyList<FilterOutcome>> FilterAsync(
        IReadOnlyList<(CandidateSolution Candidate, string Critique)> items, IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        options.Validate();
        var requests = items.Select(item => new SamplingRequest
        {
            Messages = [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User,
                prompts.BuildRefine(item.Candidate.Problem.Question, item.Candidate.Solution, item.Critique))],
            N = options.Refinements,
            Options = options.Sampling,
            Seed = options.Seed ^ (ulong)NonNegativeHash(item.Candidate.Id),
        }).ToArray();
        if (requests.Length == 0)
            return [];
        var results = await actor.SampleAsync(requests, progress, cancellationToken).ConfigureAwait(false);
        return results.Select((r, i) =>
        {
            var texts = r.Completions.Select(c => c.Text).ToArray();
            int correct = texts.Count(t => grader.Grade(items[i].Candidate.Problem.ReferenceAnswer, t).Correct);
            return new FilterOutcome(texts.Length, correct, Keep(correct), texts);
        }).ToArray();
    }

    /// <summary>The keep rule: at least K of N refinements right.</summary>
    public bool Keep(int correct) => correct >= options.MinCorrect;

    private static long NonNegativeHash(string text) => (long)(MathCritique.StableHash.Fnv1a(text) >> 1);
}
