using System.Runtime.InteropServices;
using System.Text.Json;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.Runs;
using MathCritique.Training;

namespace MathCritique.Lab.Training;

/// <summary>
/// How the lab models are made (<c>lab train-actor</c>, <c>lab train-critic</c>): exact lab data (plus any extra
/// JSONL), shuffled by the seed, trained in-process from random weights, from a GGUF (grown by some blocks), or from
/// the run's own checkpoint, with a 50-step warm-up, a cosine to 5% of the peak and 1% of the examples held out; the
/// run's settings and losses go to <c>&lt;out&gt;.train.json</c>. It lives above both the lab and the engine because
/// it creates and grows the engine's models; the lab's data itself is the engine-free <see cref="LabTrainingData"/>.
/// </summary>
public sealed class LabTrainingRecipe
{
    private readonly LabTrainingRecipeOptions _options;
    private readonly TrainingOptions _training;

    private LabTrainingRecipe(LabTrainingRecipeOptions options, IReadOnlyList<SftExample> examples, LlamaModelFile model, string? weightsPath,
        int? resumedAfterStep)
    {
        _options = options;
        Examples = examples;
        Model = model;
        WeightsPath = weightsPath;
        ResumedAfterStep = resumedAfterStep;
        _training = new TrainingOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            ContextLength = options.Window,
            PackExamples = options.Window > 0,
            LearningRate = options.LearningRate,
            WarmupSteps = 50,
            MinLearningRateFraction = 0.05f,
            EvalFraction = 0.01,
            Seed = options.Seed,
            CheckpointEverySteps = options.CheckpointEverySteps,
            Threads = options.Threads,
            StartStep = resumedAfterStep ?? 0,
        };
        _training.Validate();
    }

    /// <summary>The shuffled training examples.</summary>
    public IReadOnlyList<SftExample> Examples { get; }

    /// <summary>The model training starts from.</summary>
    public LlamaModelFile Model { get; }

    /// <summary>The GGUF the starting weights came from (the checkpoint when resuming); null for a new model.</summary>
    public string? WeightsPath { get; }

    /// <summary>The checkpoint's step when the run resumes; null when it starts afresh.</summary>
    public int? ResumedAfterStep { get; }

    /// <summary>Where the log goes.</summary>
    public string LogPath => Path.ChangeExtension(_options.Output, ".train.json");

    /// <summary>Builds the data and the starting model, so that a caller can say what will be trained before it is.</summary>
    public static async Task<LabTrainingRecipe> PrepareAsync(LabTrainingRecipeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var examples = new LabTrainingData(LabPrompts.Create(), options.Seed, options.Oracle).Build(options.Mix).Select(e => e.Example).ToList();
        foreach (var file in options.ExtraData)
            examples.AddRange(await SftJsonl.ReadAsync(file, cancellationToken).ConfigureAwait(false));
        new Random(options.Seed).Shuffle(CollectionsMarshal.AsSpan(examples));

        // A checkpoint already has the grown blocks and the trained weights; the schedule goes on from its step.
        int? resumeStep = options.Resume ? LlamaTrainer.CheckpointStep(options.Output) : null;
        string? weightsPath = resumeStep is null ? options.Init : LlamaTrainer.CheckpointPath(options.Output);
        var model = resumeStep is not null ? LlamaModelFile.Load(weightsPath!)
            : options.Init is { } init ? Grow(LlamaModelFile.Load(init), options.AddLayers, options.Seed)
            : LlamaModelFile.CreateRandom(options.NewModel, options.Seed, Path.GetFileNameWithoutExtension(options.Output));
        return new LabTrainingRecipe(options, examples, model, weightsPath, resumeStep);
    }

    /// <summary>Trains, writes the GGUF (checkpoints on the way) and the log.</summary>
    public async Task<TrainingResult> TrainAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = await new LlamaTrainer(_training).TrainAsync(Model, Examples, ChatMlEncoder.For(Model, WeightsPath), _options.Output, progress, cancellationToken)
            .ConfigureAwait(false);
        await File.WriteAllTextAsync(LogPath, JsonSerializer.Serialize(new
        {
            command = _options.Command,
            config = Model.Config,
            options = _training,
            mix = _options.Mix,
            examples = Examples.Count,
            result.Steps,
            result.Windows,
            result.TruncatedExamples,
            result.TokensPerSecond,
            result.EpochEvalLosses,
            stepLosses = result.StepLosses.Where((_, i) => i % 10 == 0).ToArray(),
        }, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static LlamaModelFile Grow(LlamaModelFile model, int extraBlocks, int seed) =>
        extraBlocks > 0 ? model.WithExtraBlocks(extraBlocks, seed) : model;
}
