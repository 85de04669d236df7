namespace MathCritique.Training;

/// <summary>
/// The settings of a fine-tuning run that every back end has (LLaMA-Factory's names in brackets); defaults are the
/// in-process trainer's.
/// </summary>
public sealed record FineTuneHyperparameters
{
    /// <summary>Passes over the training examples (<c>num_train_epochs</c>).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Sequences per optimizer step (<c>per_device_train_batch_size</c> × <c>gradient_accumulation_steps</c> × devices).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Peak learning rate (<c>learning_rate</c>), reached after <see cref="WarmupSteps"/>, then decayed by a cosine.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Linear warm-up steps (<c>warmup_steps</c>).</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Learning rate at the last step as a fraction of the peak (<c>cosine_with_min_lr</c>'s <c>min_lr_rate</c>).</summary>
    public float MinLearningRateFraction { get; init; } = 0.1f;

    /// <summary>AdamW weight decay (<c>weight_decay</c>).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Tokens per training sequence (<c>cutoff_len</c>); 0 lets the back end choose.</summary>
    public int MaxLength { get; init; }

    /// <summary>Pack several examples into one sequence, each attending only to itself (<c>neat_packing</c>).</summary>
    public bool PackExamples { get; init; }

    /// <summary>Fraction of the examples held out for a per-epoch loss (<c>val_size</c>).</summary>
    public double EvalFraction { get; init; }

    /// <summary>Seed of the split and the shuffles (<c>seed</c>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Write a checkpoint every this many steps, 0 only at the end (<c>save_steps</c>).</summary>
    public int CheckpointEverySteps { get; init; }

    public void Validate()
    {
        if (Epochs < 1 || BatchSize < 1)
            throw new ArgumentOutOfRangeException(Epochs < 1 ? nameof(Epochs) : nameof(BatchSize), "must be >= 1");
        if (WarmupSteps < 0 || MaxLength < 0 || CheckpointEverySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), "WarmupSteps, MaxLength and CheckpointEverySteps must be >= 0");
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive and finite");
        if (!(MinLearningRateFraction >= 0 && MinLearningRateFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinLearningRateFraction), MinLearningRateFraction, "must be in [0, 1]");
        if (!(WeightDecay >= 0 && WeightDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be in [0, 1)");
        if (!(EvalFraction >= 0 && EvalFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(EvalFraction), EvalFraction, "must be in [0, 1)");
    }
}
