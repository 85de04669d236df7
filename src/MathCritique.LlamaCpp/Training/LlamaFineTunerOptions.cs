namespace MathCritique.LlamaCpp.Training;

/// <summary>What <see cref="LlamaFineTuner"/> needs besides a job: the machine's share and AdamW's constants.</summary>
public sealed record LlamaFineTunerOptions
{
    /// <summary>CPU threads for ggml (see <see cref="TrainingOptions.Threads"/>).</summary>
    public int Threads { get; init; } = new TrainingOptions().Threads;

    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float AdamEpsilon { get; init; } = 1e-8f;

    /// <summary>The thread every training pass runs on; null: the process's shared one.</summary>
    public Inference.LlamaComputeThread? ComputeThread { get; init; }
}
