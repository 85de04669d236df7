using System.Diagnostics;
using System.Runtime.InteropServices;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Native;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// Supervised fine-tuning of a llama-architecture model (f32 weights in memory, all tensors trainable) with
/// ggml-opt's AdamW on the CPU: ChatML-formatted examples, completion-only loss, windows of a fixed length,
/// mini-batches, warm-up + cosine learning rate, held-out loss per epoch and GGUF checkpoints.
/// Every forward/backward pass runs on a <see cref="LlamaComputeThread"/> (the process's shared one by default), so
/// training beside samplers keeps one OpenMP thread pool (see <see cref="LlamaComputeThread"/>).
/// </summary>
public sealed class LlamaTrainer
{
    private readonly TrainingOptions _options;
    private readonly LlamaComputeThread _compute;

    public LlamaTrainer(TrainingOptions options, LlamaComputeThread? computeThread = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _compute = computeThread ?? LlamaComputeThread.Shared;
    }

    /// <summary>
    /// Trains a copy of <paramref name="model"/> on <paramref name="examples"/> and returns it; with
    /// <paramref name="outputPath"/> the result is saved there (and checkpoints next to it as <c>*.checkpoint.gguf</c>).
    /// </summary>
    public Task<TrainingResult> TrainAsync(LlamaModelFile model, IReadOnlyList<SftExample> examples, ChatMlEncoder encoder,
        string? outputPath = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(encoder);
        if (examples.Count == 0)
            throw new ArgumentException("No training examples.", nameof(examples));
        return Task.Run(() => Train(model, examples, encoder, outputPath, progress, cancellationToken), cancellationToken);
    }

    /// <summary>The checkpoint file written every <see cref="TrainingOptions.CheckpointEverySteps"/> steps.</summary>
    public static string CheckpointPath(string outputPath) => Path.ChangeExtension(outputPath, ".checkpoint.gguf");

    /// <summary>
    /// The step the checkpoint of <paramref name="outputPath"/> was taken after, or null without one. To resume,
    /// train the checkpoint with the same data and options and <see cref="TrainingOptions.StartStep"/> = this step.
    /// </summary>
    public static int? CheckpointStep(string outputPath)
    {
        var stepFile = CheckpointStepPath(outputPath);
        if (!File.Exists(stepFile) || !File.Exists(CheckpointPath(outputPath)))
            return null;
        var text = File.ReadAllText(stepFile).Trim();
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int step)
            ? step : throw new InvalidDataException($"{stepFile}: expected a step number, found \"{text}\"");
    }

    private static string CheckpointStepPath(string outputPath) => Path.ChangeExtension(outputPath, ".checkpoint.step");

    private TrainingResult Train(LlamaModelFile model, IReadOnlyList<SftExample> examples, ChatMlEncoder encoder,
        string? outputPath, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var o = _options;
        var config = model.Config;
        if (o.ContextLength > config.ContextLength)
            throw new ArgumentException($"ContextLength {o.ContextLength} exceeds the model's context length {config.ContextLength}.");

        // Seeded split: the held-out examples never reach a training window.
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(o.Seed).Shuffle(order);
        int evalCount = o.EvalFraction > 0 ? Math.Max(1, (int)Math.Round(examples.Count * o.EvalFraction)) : 0;
        if (evalCount >= examples.Count)
            throw new ArgumentException($"EvalFraction {o.EvalFraction} leaves no training examples out of {examples.Count}.");
        var evalExamples = order.Take(evalCount).Select(i => encoder.Encode(examples[i])).ToList();
        var trainExamples = order.Skip(evalCount).Select(i => encoder.Encode(examples[i])).ToList();
        int window = o.ContextLength > 0 ? o.ContextLength
            : Math.Min(config.ContextLength, o.PackExamples ? 256 : (trainExamples.Max(e => e.Tokens.Length) + 15) / 16 * 16);
        var trainWindows = WindowPacker.Pack(trainExamples, window, o.PackExamples, padToken: 0, out int truncated);
        var evalWindows = WindowPacker.Pack(evalExamples, window, o.PackExamples, padToken: 0, out int evalTruncated);
        if (trainWindows.Count == 0)
            throw new ArgumentException($"No training example has completion tokens within a window of {window} tokens.");

        int stepsPerEpoch = (trainWindows.Count + o.BatchSize - 1) / o.BatchSize;
        int totalSteps = stepsPerEpoch * o.Epochs;
        if (o.StartStep >= totalSteps)
            throw new ArgumentException($"StartStep {o.StartStep} is not before the last of the run's {totalSteps} steps.");
        var state = new OptimizerState(o);
        var handle = GCHandle.Alloc(state);
        LlamaTrainingGraph? graph = null;
        try
        {
            unsafe
            {
                delegate* unmanaged<IntPtr, Ggml.OptimizerParams> callback = &GetOptimizerParams;
                graph = new LlamaTrainingGraph(config, window, o.BatchSize, o.Threads, Ggml.BuildOpt, (IntPtr)callback, GCHandle.ToIntPtr(handle),
                    segmented: o.PackExamples);
            }
            graph.LoadWeights(model);
            var batchTokens = new int[graph.TokensPerBatch];
            var batchTargets = new int[graph.TokensPerBatch];
            var batchPositions = o.PackExamples ? new int[graph.TokensPerBatch] : null;
            var stepLosses = new List<double>(totalSteps);
            var evalLosses = new List<double>();
            var clock = Stopwatch.StartNew();
            long tokensSeen = 0;
            int step = 0;
            for (int epoch = 0; epoch < o.Epochs; epoch++)
            {
                var shuffled = trainWindows.ToArray();
                // Not HashCode.Combine: it is seeded per process, and runs must repeat exactly.
                new Random(unchecked((o.Seed * 1_000_003) + epoch)).Shuffle(shuffled);
                for (int first = 0; first < shuffled.Length; first += o.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (step < o.StartStep)
                    {
                        // Resuming: these batches were trained before the checkpoint (the shuffles are seeded).
                        step++;
                        continue;
                    }
                    Fill(shuffled.AsSpan(first, Math.Min(o.BatchSize, shuffled.Length - first)), window, batchTokens, batchTargets, batchPositions);
                    state.LearningRate = LearningRateSchedule.At(step, totalSteps, o.WarmupSteps, o.LearningRate, o.MinLearningRateFraction);
                    int counted = graph.SetBatch(batchTokens, batchTargets, batchPositions);
                    double loss = _compute.Run(() => graph.Run(backward: true)) / Math.Max(1, counted);
                    stepLosses.Add(loss);
                    step++;
                    tokensSeen += graph.TokensPerBatch;
                    progress?.Report(new TrainingProgress(step, totalSteps, epoch + 1, loss, state.LearningRate, tokensSeen / clock.Elapsed.TotalSeconds));
                    if (outputPath is not null && o.CheckpointEverySteps > 0 && step % o.CheckpointEverySteps == 0 && step < totalSteps)
                    {
                        SaveAtomically(graph.ToModelFile(model), CheckpointPath(outputPath));
                        File.WriteAllText(CheckpointStepPath(outputPath), step.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
                if (evalWindows.Count > 0 && step > o.StartStep)
                {
                    double evalLoss = Evaluate(_compute, graph, evalWindows, window, batchTokens, batchTargets, batchPositions, cancellationToken);
                    evalLosses.Add(evalLoss);
                    progress?.Report(new TrainingProgress(step, totalSteps, epoch + 1, stepLosses[^1], state.LearningRate,
                        tokensSeen / clock.Elapsed.TotalSeconds, evalLoss));
                }
            }
            var trained = graph.ToModelFile(model);
            if (outputPath is not null)
                SaveAtomically(trained, outputPath);
            return new TrainingResult(trained, step, stepLosses, evalLosses, trainExamples.Count, evalExamples.Count,
                trainWindows.Count, truncated + evalTruncated, tokensSeen / clock.Elapsed.TotalSeconds);
        }
        finally
        {
            graph?.Dispose();
            handle.Free();
        }
    }

    private static double Evaluate(LlamaComputeThread compute, LlamaTrainingGraph graph, List<TrainingWindow> windows, int window, int[] tokens, int[] targets, int[]? positions,
        CancellationToken cancellationToken)
    {
        double sum = 0;
        long counted = 0;
        var all = windows.ToArray();
        for (int first = 0; first < all.Length; first += graph.BatchWindows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Fill(all.AsSpan(first, Math.Min(graph.BatchWindows, all.Length - first)), window, tokens, targets, positions);
            counted += graph.SetBatch(tokens, targets, positions);
            sum += compute.Run(() => graph.Run(backward: false));
        }
        return sum / Math.Max(1, counted);
    }

    // A short final batch is filled up with windows that carry no loss.
    private static void Fill(ReadOnlySpan<TrainingWindow> windows, int window, int[] tokens, int[] targets, int[]? positions)
    {
        Array.Clear(tokens);
        Array.Fill(targets, -1);
        if (positions is not null)
            for (int i = 0; i < positions.Length; i++)
                positions[i] = i % window;
        for (int w = 0; w < windows.Length; w++)
        {
            windows[w].Tokens.CopyTo(tokens, w * window);
            windows[w].Targets.CopyTo(targets, w * window);
            if (positions is not null)
                windows[w].Positions.CopyTo(positions, w * window);
        }
    }

    private static void SaveAtomically(LlamaModelFile model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        model.Save(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Called by ggml-opt before every optimizer step; the learning rate comes from the run's state.</summary>
    [UnmanagedCallersOnly]
    private static Ggml.OptimizerParams GetOptimizerParams(IntPtr userData)
    {
        var state = (OptimizerState)GCHandle.FromIntPtr(userData).Target!;
        var o = state.Options;
        // ggml aborts the process on a learning rate of 0 (the end of a cosine decay to 0).
        float alpha = Math.Max(state.LearningRate, 1e-12f);
        return new Ggml.OptimizerParams
        {
            AdamAlpha = alpha,
            AdamBeta1 = o.Beta1,
            AdamBeta2 = o.Beta2,
            AdamEps = o.AdamEpsilon,
            AdamWeightDecay = o.WeightDecay,
            SgdAlpha = alpha,
            SgdWeightDecay = o.WeightDecay,
        };
    }

    private sealed class OptimizerState(TrainingOptions options)
    {
        public TrainingOptions Options { get; } = options;
        public float LearningRate { get; set; }
    }
}
