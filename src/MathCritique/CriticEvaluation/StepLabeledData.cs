namespace MathCritique.CriticEvaluation;

/// <summary>What <see cref="StepLabeledDataReader"/> read: the labelled solutions, and the records it left out and why.</summary>
/// <param name="Skipped">One line per record left out (<c>file:line: why</c>): PRM800K trajectories whose labelling stopped before a wrong step or the end.</param>
public sealed record StepLabeledData(IReadOnlyList<StepLabeledSolution> Solutions, IReadOnlyList<string> Skipped);
