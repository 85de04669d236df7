using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>The core fine-tuning seam (<see cref="IFineTuner"/>) driving the in-process trainer on a tiny model.</summary>
public sealed class LlamaFineTunerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-finetune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LlamaConfig Tiny = new() { EmbeddingLength = 32, BlockCount = 1, FeedForwardLength = 64, HeadCount = 2, HeadCountKv = 2, ContextLength = 128 };

    private static readonly SftExample[] Examples = Enumerable.Range(0, 8)
        .Select(i => new SftExample($"{i}*2=?", $"{2 * i}") { System = i % 2 == 0 ? "Double it." : null, History = i % 3 == 0 ? [new("1*2=?", "2")] : [] })
        .ToArray();

    private string BaseModel(int seed)
    {
        var path = Path.Combine(_dir, $"base{seed}.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed).Save(path);
        return path;
    }

    [Fact]
    public async Task A_job_trains_the_same_weights_as_the_trainer_given_the_same_settings()
    {
        var job = new FineTuneJob
        {
            BaseModel = BaseModel(1),
            Examples = Examples,
            Output = Path.Combine(_dir, "tuned.gguf"),
            Hyperparameters = new() { Epochs = 2, BatchSize = 4, LearningRate = 3e-3f, WarmupSteps = 1, EvalFraction = 0.25, Seed = 3 },
        };
        IFineTuner tuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 1 });
        var reports = new List<TrainingProgress>();
        var result = await tuner.FineTuneAsync(job, new SyncProgress(reports.Add));

        Assert.Equal(job.Output, result.Output);
        Assert.Equal(4, result.Steps); // 6 training examples in batches of 4, twice
        Assert.Equal(6, result.TrainExamples);
        Assert.Equal(2, result.EvalExamples);
        Assert.Equal(2, result.EpochEvalLosses.Count);
        Assert.Equal([1, 2, 2, 3, 4, 4], reports.Select(r => r.Step));
        Assert.IsType<TrainingResult>(result.RawRepresentation);

        var direct = await new LlamaTrainer(new TrainingOptions { Epochs = 2, BatchSize = 4, LearningRate = 3e-3f, WarmupSteps = 1, EvalFraction = 0.25, Seed = 3, Threads = 1 })
            .TrainAsync(LlamaModelFile.Load(job.BaseModel), Examples, ChatMlEncoder.ByteLevel);
        Assert.Equal(result.StepLosses, direct.StepLosses);
        Assert.Equal(direct.Model["output.weight"].Data, LlamaModelFile.Load(job.Output)["output.weight"].Data);
    }

    [Fact]
    public async Task A_resumed_job_continues_from_the_checkpoint_and_a_job_without_a_checkpoint_starts_afresh()
    {
        var job = new FineTuneJob
        {
            BaseModel = BaseModel(2),
            Examples = Examples,
            Output = Path.Combine(_dir, "r.gguf"),
            Resume = true,
            Hyperparameters = new() { Epochs = 2, BatchSize = 2, CheckpointEverySteps = 3, Seed = 4 },
        };
        var tuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 1 });
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tuner.FineTuneAsync(job, new SyncProgress(p =>
        {
            if (p.Step == 4)
                cts.Cancel();
        }), cts.Token));
        Assert.Equal(3, LlamaTrainer.CheckpointStep(job.Output));

        var reports = new List<TrainingProgress>();
        var result = await tuner.FineTuneAsync(job, new SyncProgress(reports.Add));
        Assert.Equal([4, 5, 6, 7, 8], reports.Select(r => r.Step));
        Assert.Equal(8, result.Steps);
        Assert.Equal(5, result.StepLosses.Count);
    }

    [Fact]
    public async Task A_bad_job_is_refused_before_anything_loads_and_a_missing_base_model_is_named()
    {
        var tuner = new LlamaFineTuner();
        var job = new FineTuneJob { BaseModel = Path.Combine(_dir, "missing.gguf"), Examples = Examples, Output = Path.Combine(_dir, "o.gguf") };
        await Assert.ThrowsAsync<ArgumentException>(() => tuner.FineTuneAsync(job with { Examples = [] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tuner.FineTuneAsync(job with { Hyperparameters = new() { LearningRate = -1 } }));
        await Assert.ThrowsAsync<ArgumentException>(() => tuner.FineTuneAsync(job with { Output = " " }));
        var missing = await Assert.ThrowsAsync<Gguf.GgufFormatException>(() => tuner.FineTuneAsync(job));
        Assert.Contains("missing.gguf: file not found", missing.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
