namespace MathCritique.Collection;

/// <summary>
/// A candidate the constructor tried to build and dropped, with why (written to <c>dropped.jsonl</c>, counted in
/// stats.md): an RG3 mistake that could not be inserted, or whose continuation reached the right answer anyway.
/// </summary>
/// <param name="Step">The 1-based step it was to be made at, when one was chosen.</param>
/// <param name="Output">The inserter's reply, when a model wrote one.</param>
public sealed record ConstructionDrop(string Id, string ProblemId, ConstructionMethod Method, int? Step, string? MistakeType, string Reason, string? Output = null)
{
    public const string WrongBase = "the greedy solution is wrong (RG3 rewrites a correct one)";
    public const string ContinuationRight = "the actor's continuation reached the reference answer";
}

