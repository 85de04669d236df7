namespace MathCritique.LlamaCpp.Training;

/// <summary>Settings of a supervised fine-tuning run (<see cref="LlamaTrainer"/>).</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 1;

    /// <summary>Windows per mini-batch (one optimizer step).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// Tokens per window; 0 picks one: unpacked, the longest example rounded up to 16; packed, 256; never more
    /// than the model's context length.
    /// </summary>
    public int ContextLength { get; init; }

    /// <summary>
    /// Pack several examples into one window instead of one example per window. Packed examples are still
    /// separate sequences (positions restart, attention stops at each example's start); packing saves the padding
    /// of short examples. On the addition benchmark (bench/README.md) both reached the same loss per CPU second.
    /// </summary>
    public bool PackExamples { get; init; }

    /// <summary>Peak AdamW learning rate, reached after <see cref="WarmupSteps"/> and then decayed by a cosine.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    public int WarmupSteps { get; init; }

    /// <summary>Learning rate at the last step as a fraction of the peak.</summary>
    public float MinLearningRateFraction { get; init; } = 0.1f;

    public float WeightDecay { get; init; }
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float AdamEpsilon { get; init; } = 1e-8f;

    /// <summary>Fraction of the examples held out for a per-epoch evaluation loss.</summary>
    public double EvalFraction { get; init; }

    /// <summary>Seed of the train/held-out split and of the per-epoch shuffles.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Steps already trained (resuming from a checkpoint, see <see cref="LlamaTrainer.CheckpointStep"/>): their batches
    /// are skipped and the learning-rate schedule continues from here. AdamW's moments restart.
    /// </summary>
    public int StartStep { get; init; }

    /// <summary>Write a GGUF checkpoint every this many steps (0: only at the end).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>
    /// CPU threads for ggml: every core up to 4 by default. On 2 cores, 2 threads train the lab model about 2× as fast
    /// as 1 (bench/README.md, TrainerBench); ggml's threads spin at barriers, so a machine busy with other processes
    /// is better served by fewer. The cap of 4 is a guess, not a measurement.
    /// </summary>
    public int Threads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    public void Validate()
    {
        static void AtLeast(int value, int min, string name)
        {
            if (value < min)
                throw new ArgumentOutOfRangeException(name, value, $"must be >= {min}");
        }
        AtLeast(Epochs, 1, nameof(Epochs));
        AtLeast(BatchSize, 1, nameof(BatchSize));
        AtLeast(ContextLength, 0, nameof(ContextLength));
        if (ContextLength == 1)
            throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "a window needs at least 2 tokens");
        AtLeast(WarmupSteps, 0, nameof(WarmupSteps));
        AtLeast(CheckpointEverySteps, 0, nameof(CheckpointEverySteps));
        AtLeast(StartStep, 0, nameof(StartStep));
        AtLeast(Threads, 1, nameof(Threads));
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive and finite");
        if (!(MinLearningRateFraction >= 0 && MinLearningRateFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinLearningRateFraction), MinLearningRateFraction, "must be in [0, 1]");
        if (!(WeightDecay >= 0 && WeightDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be in [0, 1)");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta1), "Beta1 and Beta2 must be in [0, 1)");
        if (!(AdamEpsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(AdamEpsilon), AdamEpsilon, "must be positive");
        if (!(EvalFraction >= 0 && EvalFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(EvalFraction), EvalFraction, "must be in [0, 1)");
    }
}
