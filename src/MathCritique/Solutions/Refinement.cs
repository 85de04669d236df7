using MathCritique.Critiques;

namespace MathCritique.Solutions;

/// <summary>A new solution written by the actor after reading a critique of its earlier one.</summary>
public sealed record Refinement(Solution Original, Critique Critique, Solution Refined);
