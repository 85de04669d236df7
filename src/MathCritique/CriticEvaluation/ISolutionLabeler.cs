using MathCritique.Problems;

namespace MathCritique.CriticEvaluation;

/// <summary>Labels a solution exactly: whether it is right and where its first error is (the lab's step checker does).</summary>
public interface ISolutionLabeler
{
    LabeledSolution Label(Problem problem, string solution);
}
