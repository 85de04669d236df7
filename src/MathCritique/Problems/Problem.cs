namespace MathCritique.Problems;

/// <summary>A math problem with its reference answer.</summary>
/// <param name="Id">Stable identifier, unique within a dataset.</param>
/// <param name="Question">The problem statement shown to the actor.</param>
/// <param name="ReferenceAnswer">The gold final answer (already extracted, e.g. "42" or "\frac{1}{2}").</param>
/// <param name="ReferenceSolution">A worked solution, when the dataset has one.</param>
/// <param name="Level">Difficulty level (1 = easiest), when known.</param>
/// <param name="Source">Where the problem came from (e.g. "gsm8k", "math", "lab").</param>
public sealed record Problem(
    string Id,
    string Question,
    string ReferenceAnswer,
    string? ReferenceSolution = null,
    int? Level = null,
    string Source = "")
{
    /// <summary>Free-form metadata carried through pipelines (e.g. MATH's subject).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}
