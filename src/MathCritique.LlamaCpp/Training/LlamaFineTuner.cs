using MathCritique.LlamaCpp.Models;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// <see cref="IFineTuner"/> over the in-process ggml trainer (<see cref="LlamaTrainer"/>): the base model and the output
/// are GGUF paths, checkpoints go to <see cref="LlamaTrainer.CheckpointPath"/>, and a resumed job continues the
/// checkpoint's step with the same data and settings.
/// </summary>
public sealed class LlamaFineTuner(LlamaFineTunerOptions? options = null) : IFineTuner
{
    private readonly LlamaFineTunerOptions _options = options ?? new();

    public async Task<FineTuneResult> FineTuneAsync(FineTuneJob job, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        int? resumeStep = job.Resume ? LlamaTrainer.CheckpointStep(job.Output) : null;
        var training = ToTrainingOptions(job.Hyperparameters) with { StartStep = resumeStep ?? 0 };
        // The checkpoint carries the weights; its tokenizer is the base model's.
        var weightsPath = resumeStep is null ? job.BaseModel : LlamaTrainer.CheckpointPath(job.Output);
        var model = LlamaModelFile.Load(weightsPath);
        var result = await new LlamaTrainer(training, _options.ComputeThread)
            .TrainAsync(model, job.Examples, ChatMlEncoder.For(model, weightsPath), job.Output, progress, cancellationToken).ConfigureAwait(false);
        return new FineTuneResult(job.Output, result.Steps, result.StepLosses, result.EpochEvalLosses, result.TrainExamples, result.EvalExamples,
            result.TruncatedExamples, result.TokensPerSecond) { RawRepresentation = result };
    }

    /// <summary>The trainer's settings for <paramref name="hyperparameters"/> on this machine.</summary>
    public TrainingOptions ToTrainingOptions(FineTuneHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        return new TrainingOptions
        {
            Epochs = hyperparameters.Epochs,
            BatchSize = hyperparameters.BatchSize,
            ContextLength = hyperparameters.MaxLength,
            PackExamples = hyperparameters.PackExamples,
            LearningRate = hyperparameters.LearningRate,
            WarmupSteps = hyperparameters.WarmupSteps,
            MinLearningRateFraction = hyperparameters.MinLearningRateFraction,
            WeightDecay = hyperparameters.WeightDecay,
            EvalFraction = hyperparameters.EvalFraction,
            Seed = hyperparameters.Seed,
            CheckpointEverySteps = hyperparameters.CheckpointEverySteps,
            Beta1 = _options.Beta1,
            Beta2 = _options.Beta2,
            AdamEpsilon = _options.AdamEpsilon,
            Threads = _options.Threads,
        };
    }
}
