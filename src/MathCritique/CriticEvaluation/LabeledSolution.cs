using MathCritique.Problems;

namespace MathCritique.CriticEvaluation;

/// <summary>A solution with exact labels: whether it is right and where its first error is.</summary>
/// <param name="FirstWrongStep">1-based first wrong step; null for a right solution.</param>
public sealed record LabeledSolution(Problem Problem, string Solution, bool Correct, int? FirstWrongStep);
