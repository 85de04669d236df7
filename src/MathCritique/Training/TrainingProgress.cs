namespace MathCritique.Training;

/// <summary>
/// Reported after every optimizer step (<see cref="EvalLoss"/> null) and after each epoch's held-out evaluation
/// (<see cref="EvalLoss"/> set). Losses are mean cross-entropy per completion token, in nats;
/// <see cref="TokensPerSecond"/> is 0 where a back end does not measure it.
/// </summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    double? EvalLoss = null);
