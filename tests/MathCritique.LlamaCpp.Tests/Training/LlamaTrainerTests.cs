using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Native;
using MathCritique.LlamaCpp.Training;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

public sealed class LlamaTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LlamaConfig Tiny = new() { EmbeddingLength = 64, BlockCount = 2, FeedForwardLength = 256, HeadCount = 4, HeadCountKv = 4, ContextLength = 128 };

    private static readonly SftExample[] Facts =
    [
        new("2+3=?", "5"),
        new("7*8=?", "56"),
        new("capital of France?", "Paris"),
        new("reverse abc", "cba"),
    ];

    [Fact]
    public async Task Overfits_a_few_examples_and_llama_cpp_then_generates_the_trained_completions()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 1);
        var output = Path.Combine(_dir, "trained.gguf");
        var options = new TrainingOptions { Epochs = 150, BatchSize = 4, ContextLength = 64, PackExamples = false, LearningRate = 3e-3f, WarmupSteps = 10, Seed = 2 };
        var reports = new List<TrainingProgress>();
        var result = await new LlamaTrainer(options).TrainAsync(model, Facts, ChatMlEncoder.ByteLevel, output, new SyncProgress(reports.Add));

        Assert.Equal(150, result.Steps);
        Assert.Equal(150, reports.Count);
        Assert.True(result.StepLosses[0] > 4, $"first loss {result.StepLosses[0]}");
        Assert.True(result.StepLosses[^1] < 0.05, $"final loss {result.StepLosses[^1]}; losses every 10 steps: {string.Join(", ", result.StepLosses.Where((_, i) => i % 10 == 0).Select(l => l.ToString("F3")))}");
        Assert.True(File.Exists(output));
        foreach (var fact in Facts)
            Assert.Equal(fact.Completion, LlamaCppGreedy.Complete(output, ChatMlEncoder.ByteLevel.EncodePrompt(fact.Prompt)));
    }

    [Fact]
    public void With_every_position_masked_the_weights_stay_bit_identical()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 3);
        using var graph = new LlamaTrainingGraph(Tiny, 16, 2, threads: 2, Ggml.BuildOpt, IntPtr.Zero, IntPtr.Zero);
        graph.LoadWeights(model);
        var tokens = Enumerable.Range(0, 32).Select(i => (i * 37) % 256).ToArray();
        graph.SetBatch(tokens, tokens.Select(_ => -1).ToArray());
        for (int i = 0; i < 3; i++)
            Assert.Equal(0, graph.Run(backward: true));
        foreach (var tensor in model.Tensors)
            Assert.Equal(tensor.Data, graph.GetWeight(tensor.Name));

        // Control: one unmasked position moves the weights.
        var targets = tokens.Select(_ => -1).ToArray();
        targets[20] = 65;
        graph.SetBatch(tokens, targets);
        Assert.True(graph.Run(backward: true) > 0);
        Assert.NotEqual(model["blk.0.attn_q.weight"].Data, graph.GetWeight("blk.0.attn_q.weight"));
    }

    [Fact]
    public async Task Writes_checkpoints_that_llama_cpp_loads_and_reports_held_out_loss()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 4);
        var output = Path.Combine(_dir, "out.gguf");
        var examples = Enumerable.Range(0, 20).Select(i => new SftExample($"{i}+{i}=?", $"{2 * i}")).ToArray();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 2, ContextLength = 64, EvalFraction = 0.2, CheckpointEverySteps = 3, Seed = 5 };
        var reports = new List<TrainingProgress>();
        var result = await new LlamaTrainer(options).TrainAsync(model, examples, ChatMlEncoder.ByteLevel, output, new SyncProgress(reports.Add));

        Assert.Equal(4, result.EvalExamples);
        Assert.Equal(2, result.EpochEvalLosses.Count);
        Assert.All(result.EpochEvalLosses, l => Assert.InRange(l, 0.01, 10));
        Assert.Equal(2, reports.Count(r => r.EvalLoss is not null));
        var checkpoint = LlamaTrainer.CheckpointPath(output);
        Assert.True(File.Exists(checkpoint));
        Assert.NotEqual(model["output.weight"].Data, LlamaModelFile.Load(checkpoint)["output.weight"].Data);
        Assert.Equal(result.Model["output.weight"].Data, LlamaModelFile.Load(output)["output.weight"].Data);
        using var weights = LLama.LLamaWeights.LoadFromFile(new LLama.Common.ModelParams(checkpoint) { ContextSize = 64 });
        Assert.Equal(ByteLevelVocabulary.Size, weights.Vocab.Count);
    }

    [Fact]
    public async Task A_run_cut_short_resumes_from_its_checkpoint_with_the_remaining_steps()
    {
        var output = Path.Combine(_dir, "r.gguf");
        var examples = Enumerable.Range(0, 16).Select(i => new SftExample($"{i}*2=?", $"{2 * i}")).ToArray();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 4, CheckpointEverySteps = 3, Threads = 1 };
        Assert.Null(LlamaTrainer.CheckpointStep(output));
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LlamaTrainer(options).TrainAsync(
            LlamaModelFile.CreateRandom(Tiny, 11), examples, ChatMlEncoder.ByteLevel, output, new SyncProgress(p =>
            {
                if (p.Step == 4)
                    cts.Cancel();
            }), cts.Token));
        Assert.Equal(3, LlamaTrainer.CheckpointStep(output));

        var reports = new List<TrainingProgress>();
        var result = await new LlamaTrainer(options with { StartStep = 3 }).TrainAsync(
            LlamaModelFile.Load(LlamaTrainer.CheckpointPath(output)), examples, ChatMlEncoder.ByteLevel, output, new SyncProgress(reports.Add));
        Assert.Equal([4, 5, 6, 7, 8], reports.Select(r => r.Step));
        Assert.Equal(8, result.Steps);
        Assert.Equal(5, result.StepLosses.Count);
        Assert.True(File.Exists(output));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { StartStep = -1 }.Validate());
    }

    [Fact]
    public async Task Cancellation_stops_between_steps()
    {
        using var cts = new CancellationTokenSource();
        var options = new TrainingOptions { Epochs = 1000, BatchSize = 1, ContextLength = 32 };
        var progress = new SyncProgress(p =>
        {
            if (p.Step == 3)
                cts.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new LlamaTrainer(options).TrainAsync(LlamaModelFile.CreateRandom(Tiny, 6), Facts, ChatMlEncoder.ByteLevel, null, progress, cts.Token));
    }

    [Fact]
    public async Task Fine_tunes_a_loaded_f16_gguf()
    {
        var path = Path.Combine(_dir, "base.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 8).Save(path, Gguf.GgmlType.F16);
        var loaded = LlamaModelFile.Load(path);
        var output = Path.Combine(_dir, "tuned.gguf");
        var options = new TrainingOptions { Epochs = 100, BatchSize = 4, ContextLength = 64, PackExamples = false, LearningRate = 3e-3f, WarmupSteps = 10 };
        var result = await new LlamaTrainer(options).TrainAsync(loaded, Facts, ChatMlEncoder.For(loaded, path), output);
        Assert.True(result.StepLosses[^1] < 0.1, $"final loss {result.StepLosses[^1]}");
        Assert.Equal("Paris", LlamaCppGreedy.Complete(output, ChatMlEncoder.ByteLevel.EncodePrompt("capital of France?")));
    }

    [Fact]
    public void Graphs_rebuilt_per_step_take_the_same_optimizer_steps_as_static_graphs()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 12);
        var tokens = Enumerable.Range(0, 64).Select(i => (i * 31 + 7) % 256).ToArray();
        var targets = tokens.Skip(1).Append(-1).Select((t, i) => i % 32 < 8 ? -1 : t).ToArray();
        float[] Train(bool dynamic)
        {
            using var graph = new LlamaTrainingGraph(Tiny, 32, 2, 1, Ggml.BuildOpt, IntPtr.Zero, IntPtr.Zero, dynamicGraphs: dynamic);
            graph.LoadWeights(model);
            graph.SetBatch(tokens, targets);
            for (int step = 0; step < 8; step++)
                graph.Run(backward: true);
            return graph.GetWeight("blk.0.attn_k.weight");
        }
        var staticWeights = Train(false);
        var dynamicWeights = Train(true);
        Assert.NotEqual(model["blk.0.attn_k.weight"].Data, staticWeights);
        Assert.All(staticWeights.Zip(dynamicWeights), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-5, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public async Task A_model_deeper_than_static_graphs_allow_trains()
    {
        var deep = Tiny with { BlockCount = LlamaTrainingGraph.MaxStaticBlocks + 2, EmbeddingLength = 32, HeadCount = 2, HeadCountKv = 2, FeedForwardLength = 64 };
        var options = new TrainingOptions { Epochs = 60, BatchSize = 4, LearningRate = 3e-3f, WarmupSteps = 5 };
        var result = await new LlamaTrainer(options).TrainAsync(LlamaModelFile.CreateRandom(deep, 1), Facts, ChatMlEncoder.ByteLevel);
        Assert.True(result.StepLosses[^1] < 0.5 * result.StepLosses[0], $"losses {result.StepLosses[0]} -> {result.StepLosses[^1]}");
    }

    [Fact]
    public async Task A_cosine_decay_to_zero_reaches_its_last_step()
    {
        var options = new TrainingOptions { Epochs = 2, BatchSize = 4, ContextLength = 64, MinLearningRateFraction = 0 };
        var reports = new List<TrainingProgress>();
        var result = await new LlamaTrainer(options).TrainAsync(LlamaModelFile.CreateRandom(Tiny, 9), Facts, ChatMlEncoder.ByteLevel, null, new SyncProgress(reports.Add));
        Assert.Equal(2, result.Steps);
        Assert.Equal(0, reports[^1].LearningRate);
    }

    [Fact]
    public async Task The_same_seed_repeats_a_run_exactly_and_another_seed_does_not()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, 10);
        async Task<float[]> Run(int seed) => (await new LlamaTrainer(new TrainingOptions { Epochs = 3, BatchSize = 2, Seed = seed, Threads = 1 })
            .TrainAsync(model, Facts, ChatMlEncoder.ByteLevel)).Model["output.weight"].Data;
        var first = await Run(1);
        Assert.Equal(first, await Run(1));
        Assert.NotEqual(first, await Run(2));
    }

    [Fact]
    public void Bad_options_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BatchSize = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRate = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRate = float.NaN }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { EvalFraction = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { WeightDecay = -0.1f }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { ContextLength = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaTrainer(new TrainingOptions { Threads = 0 }));
        new TrainingOptions().Validate();
    }

    [Fact]
    public async Task A_window_longer_than_the_model_context_or_no_completion_in_the_window_is_rejected()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 7);
        await Assert.ThrowsAsync<ArgumentException>(() => new LlamaTrainer(new TrainingOptions { ContextLength = 512 }).TrainAsync(model, Facts, ChatMlEncoder.ByteLevel));
        var longPrompt = new SftExample(new string('x', 100), "y");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new LlamaTrainer(new TrainingOptions { ContextLength = 32 }).TrainAsync(model, [longPrompt], ChatMlEncoder.ByteLevel));
        Assert.Contains("completion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_to_the_floor()
    {
        Assert.Equal(0.25f, LearningRateSchedule.At(0, 101, 4, 1f, 0.1f), 5);
        Assert.Equal(1f, LearningRateSchedule.At(3, 101, 4, 1f, 0.1f), 5);
        Assert.Equal(1f, LearningRateSchedule.At(4, 101, 4, 1f, 0.1f), 5);
        Assert.Equal(0.55f, LearningRateSchedule.At(52, 101, 4, 1f, 0.1f), 5);
        Assert.Equal(0.1f, LearningRateSchedule.At(100, 101, 4, 1f, 0.1f), 5);
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
