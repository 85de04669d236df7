namespace MathCritique.Training;

/// <summary>
/// Supervised fine-tuning behind one call: a base model, examples and hyper-parameters in, a trained model out.
/// Implemented by the in-process ggml trainer (<c>LlamaFineTuner</c>) and meant for out-of-process ones too (a
/// LLaMA-Factory run writes the examples with <see cref="SftDatasetExporter"/> and a YAML of the same settings).
/// </summary>
public interface IFineTuner
{
    Task<FineTuneResult> FineTuneAsync(FineTuneJob job, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);
}
