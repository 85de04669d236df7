using MathCritique.Problems;

namespace MathCritique.Collection;

/// <summary>A solution to be critiqued, with what is known about its error.</summary>
/// <param name="Index">Position among the candidates built for this problem by this method (for stable ids).</param>
/// <param name="ErrorStep">1-based step where the error was introduced (RG2/RG3), when known.</param>
/// <param name="ErrorType">The named mistake type (RG3), when known.</param>
/// <param name="Correct">Whether the final answer matches the reference.</param>
/// <param name="BaseCorrect">RG2/RG3: whether the greedy solution they continue from step k had the right answer (then
/// its first k−1 steps, which they keep, are taken to be right); null for RG1.</param>
public sealed record CandidateSolution(
    Problem Problem, ConstructionMethod Method, int Index, string Solution, string? Answer, bool Correct,
    int? ErrorStep = null, string? ErrorType = null, bool? BaseCorrect = null)
{
    /// <summary>Stable id of this candidate: problem, method and index.</summary>
    public string Id => IdOf(Problem.Id, Method, Index);

    /// <summary>The id of candidate <paramref name="index"/> of a problem and method ("gsm8k-3/rg3/1").</summary>
    public static string IdOf(string problemId, ConstructionMethod method, int index) => $"{problemId}/{method switch
    {
        ConstructionMethod.Rg1Sampling => "rg1",
        ConstructionMethod.Rg2ResampleFromStep => "rg2",
        _ => "rg3",
    }}/{index}";
}
