using MathCritique.Problems;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>The problems of a self-improvement run, however they were chosen (files, or the lab's generator).</summary>
public sealed record SelfImprovementProblems(IReadOnlyList<Problem> Train, IReadOnlyList<Problem> HeldOut, IReadOnlyList<SftExample> SeedExamples, string Description);
