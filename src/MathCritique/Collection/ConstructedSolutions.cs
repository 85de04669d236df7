namespace MathCritique.Collection;

/// <summary>What <see cref="SolutionConstructor.BuildAsync"/> built, and what it dropped on the way.</summary>
public sealed record ConstructedSolutions(IReadOnlyList<CandidateSolution> Candidates, IReadOnlyList<ConstructionDrop> Dropped);
