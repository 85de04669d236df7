using MathCritique.Critiques;

namespace MathCritique.Collection;

/// <summary>One step verdict as stored in the dataset.</summary>
public sealed record StoredStepVerdict(int Step, string Text, Verdict Verdict, string Explanation);

/// <summary>
/// One record of the critique dataset (MathCritique-76k-like): the problem, the constructed solution and
/// what is known of its error, the annotator's critique (text and parsed), and the Monte-Carlo filter outcome.
/// </summary>
public sealed record CritiqueRecord
{
    public required string Id { get; init; }
    public required string ProblemId { get; init; }
    public required string Question { get; init; }
    public required string ReferenceAnswer { get; init; }
    public int? Level { get; init; }
    public string Source { get; init; } = "";
    public required ConstructionMethod Method { get; init; }
    public required string Solution { get; init; }
    public string? SolutionAnswer { get; init; }
    public required bool SolutionCorrect { get; init; }
    public int? ErrorStep { get; init; }
    public string? ErrorType { get; init; }
    /// <summary>RG2/RG3: whether the greedy solution continued from <see cref="ErrorStep"/> had the right answer.</summary>
    public bool? BaseCorrect { get; init; }
    public required string Annotator { get; init; }
    public required string Critique { get; init; }
    public required Verdict FinalVerdict { get; init; }
    public int? FirstWrongStep { get; init; }
    public IReadOnlyList<StoredStepVerdict> StepVerdicts { get; init; } = [];
    public IReadOnlyList<string> ParseIssues { get; init; } = [];
    public int RefinementSamples { get; init; }
    public int RefinementCorrect { get; init; }
    public double RefinementSuccessRate { get; init; }
    public required bool Kept { get; init; }
}
