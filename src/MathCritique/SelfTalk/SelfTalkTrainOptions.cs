using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>Everything one <see cref="SelfTalkTraining"/> needs: the build directory, the base model, where to write, and the shared settings.</summary>
public sealed record SelfTalkTrainOptions
{
    /// <summary>A <c>selftalk build</c> output directory (its <c>selftalk/</c> and <c>plain-cot/</c> SFT files).</summary>
    public required string From { get; init; }

    /// <summary>The model both actors start from, as the fine-tuner names models (a GGUF path in-process).</summary>
    public required string BaseModel { get; init; }

    /// <summary>Where each actor's directory (its model and <c>training.json</c>) is written.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// The settings of both runs. <see cref="FineTuneHyperparameters.BatchSize"/> is the self-talk run's; the plain-CoT
    /// run's is chosen so that it makes as many optimizer steps (<see cref="SelfTalkTraining.MatchingBatchSize"/>).
    /// </summary>
    public FineTuneHyperparameters Hyperparameters { get; init; } = new();

    /// <summary>How completion tokens are counted to check the equal budget; default the lab's byte-level vocabulary.</summary>
    public ITokenCounter Tokens { get; init; } = new Utf8ByteTokenCounter();

    /// <summary>The trained model's file name inside each actor's directory (a GGUF for the in-process trainer).</summary>
    public string ModelFileName { get; init; } = "model.gguf";

    /// <summary>Settings only one back end understands, passed on to every job.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties { get; init; } = new Dictionary<string, object?>();

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(From);
        ArgumentException.ThrowIfNullOrWhiteSpace(BaseModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelFileName);
        ArgumentNullException.ThrowIfNull(Tokens);
        ArgumentNullException.ThrowIfNull(Hyperparameters);
        Hyperparameters.Validate();
        // Steps are matched by batch size over examples: one example per sequence, and no held-out share to shift the count.
        if (Hyperparameters.PackExamples)
            throw new ArgumentException("packed examples make the two runs' step counts depend on packing; train one example per sequence", nameof(Hyperparameters));
        if (Hyperparameters.EvalFraction != 0)
            throw new ArgumentException("a held-out share changes each run's step count; the comparison is evaluated by `selftalk eval`", nameof(Hyperparameters));
    }
}
