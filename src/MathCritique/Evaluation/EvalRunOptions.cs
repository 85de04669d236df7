using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>What an evaluation run is: which models, which loop options. Saved as <c>run.json</c>; a resumed run must match it.</summary>
public sealed record EvalRunConfig(string Actor, string Critic, string ProblemSource, int ProblemCount, CritiqueLoopOptions Loop);
