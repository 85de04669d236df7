using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.Lab.Training;

/// <summary>What <see cref="LabTrainingRecipe"/> trains: the data mix, the starting model and the run's few settings.</summary>
public sealed record LabTrainingRecipeOptions
{
    /// <summary>Where the trained GGUF goes; its checkpoint and its log (<c>.train.json</c>) go next to it.</summary>
    public required string Output { get; init; }

    /// <summary>The generated lab examples (their levels included).</summary>
    public LabTrainingMix Mix { get; init; } = new();

    /// <summary>How the exact critiques in the data are written.</summary>
    public LabOracleOptions Oracle { get; init; } = new();

    /// <summary>Extra prompt/completion JSONL files mixed in (e.g. <c>critic_sft.jsonl</c> from <c>collect</c>).</summary>
    public IReadOnlyList<string> ExtraData { get; init; } = [];

    /// <summary>Start from this GGUF instead of random weights.</summary>
    public string? Init { get; init; }

    /// <summary>With <see cref="Init"/>: blocks added on top, starting as no-ops (more depth, same function).</summary>
    public int AddLayers { get; init; }

    /// <summary>The shape of a new model (without <see cref="Init"/>).</summary>
    public LlamaConfig NewModel { get; init; } = new() { EmbeddingLength = 128, BlockCount = 2, HeadCount = 4, HeadCountKv = 4, FeedForwardLength = 512, ContextLength = 1536 };

    /// <summary>Training window in tokens, examples packed into it as separate sequences; 0: one example per window.</summary>
    public int Window { get; init; } = 1024;

    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 8;

    /// <summary>Peak learning rate (warm-up, then cosine).</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Seed of the data, a new model's weights, the split and the shuffles.</summary>
    public int Seed { get; init; } = 1;

    public int Threads { get; init; } = new TrainingOptions().Threads;

    /// <summary>Write the checkpoint every this many steps (0: off).</summary>
    public int CheckpointEverySteps { get; init; } = 200;

    /// <summary>Continue from the checkpoint at <see cref="Output"/> if there is one (the same options again: the data is regenerated from the seed).</summary>
    public bool Resume { get; init; }

    /// <summary>The command line that asked for the run, recorded in the log.</summary>
    public string Command { get; init; } = "";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Output))
            throw new ArgumentException("No output path.", nameof(Output));
        ArgumentNullException.ThrowIfNull(Mix);
        Mix.Validate();
        ArgumentNullException.ThrowIfNull(Oracle);
        ArgumentNullException.ThrowIfNull(ExtraData);
        if (AddLayers < 0)
            throw new ArgumentOutOfRangeException(nameof(AddLayers), AddLayers, "must be >= 0");
        if (AddLayers > 0 && Init is null)
            throw new ArgumentException("AddLayers needs Init: layers are added to a starting model (a new one takes NewModel.BlockCount).", nameof(AddLayers));
    }
}
