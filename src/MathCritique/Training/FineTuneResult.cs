namespace MathCritique.Training;

/// <summary>What a fine-tuning run produced: where the trained model is, and its loss history.</summary>
/// <param name="Output">The trained model, as <see cref="FineTuneJob.Output"/> named it.</param>
/// <param name="Steps">Optimizer steps of the whole run, counting those done before a resume.</param>
/// <param name="StepLosses">The loss of each step this run trained (after a resume, only the remaining steps).</param>
/// <param name="TruncatedExamples">Examples cut to the longest sequence the run trains on.</param>
public sealed record FineTuneResult(
    string Output,
    int Steps,
    IReadOnlyList<double> StepLosses,
    IReadOnlyList<double> EpochEvalLosses,
    int TrainExamples,
    int EvalExamples,
    int TruncatedExamples,
    double TokensPerSecond)
{
    /// <summary>The back end's own result (the in-process trainer's <c>TrainingResult</c>), for what only it reports.</summary>
    public object? RawRepresentation { get; init; }
}
