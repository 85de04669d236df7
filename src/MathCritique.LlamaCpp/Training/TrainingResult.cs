using MathCritique.LlamaCpp.Models;

namespace MathCritique.LlamaCpp.Training;

/// <summary>What a training run produced: the trained weights and its loss history.</summary>
public sealed record TrainingResult(
    LlamaModelFile Model,
    int Steps,
    IReadOnlyList<double> StepLosses,
    IReadOnlyList<double> EpochEvalLosses,
    int TrainExamples,
    int EvalExamples,
    int Windows,
    int TruncatedExamples,
    double TokensPerSecond);
