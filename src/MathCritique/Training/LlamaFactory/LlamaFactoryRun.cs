namespace MathCritique.Training.LlamaFactory;

/// <summary>
/// What a <see cref="LlamaFactoryFineTuner"/> job left besides the model (<see cref="FineTuneResult.RawRepresentation"/>).
/// </summary>
/// <param name="Directory">The hand-off folder: <c>train.yaml</c>, <c>train.log</c>, <c>data/</c>.</param>
/// <param name="ResumedFrom">The checkpoint this run continued, or null.</param>
/// <param name="Trained">False when the output was already finished and nothing ran.</param>
public sealed record LlamaFactoryRun(string Directory, string Yaml, string Log, string? ResumedFrom, bool Trained);
