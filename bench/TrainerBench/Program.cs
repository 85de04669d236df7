// Training tokens/s of LlamaTrainer against a bare loop over the same ggml-opt graph (issue 3: ours ≥ 0.95×), and
// peak RSS. --beside-sampler shared|own: a sampler decodes in the process before LlamaTrainer runs (as in a
// self-improvement loop), the trainer computing on the sampler's compute thread (shared) or on one of its own.
// Usage: dotnet run -c Release --project bench/TrainerBench [-- --steps 60 --window 256 --batch 8 --threads 2 --beside-sampler shared]
using System.Diagnostics;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Native;
using MathCritique.LlamaCpp.Training;
using MathCritique.Sampling;
using MathCritique.Training;

int steps = IntArg("--steps", 60);
int window = IntArg("--window", 256);
int batch = IntArg("--batch", 8);
int threads = IntArg("--threads", new TrainingOptions().Threads);
string beside = StringArg("--beside-sampler") ?? "none";

NativeLogging.Suppress();
var config = new LlamaConfig { EmbeddingLength = 128, BlockCount = 2, FeedForwardLength = 512, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 };
var model = LlamaModelFile.CreateRandom(config, seed: 1);
long tokens = (long)steps * batch * window;
Console.WriteLine($"0.59 M lab model, {steps} steps × {batch} windows × {window} tokens, {threads} threads, f32, AdamW, sampler beside: {beside}");

// Bare: the graph, fixed random batches, SetBatch + Run per step; ggml's own default optimizer parameters.
var random = new Random(1);
var batchTokens = Enumerable.Range(0, batch * window).Select(_ => random.Next(3, 259)).ToArray();
var batchTargets = batchTokens.Skip(1).Append(3).ToArray();
var watch = Stopwatch.StartNew();
Ggml.EnsureLoaded();
var defaults = Ggml.opt_default_params(IntPtr.Zero, Ggml.LossCrossEntropy);
using (var graph = new LlamaTrainingGraph(config, window, batch, threads, Ggml.BuildOpt, defaults.GetOptPars, IntPtr.Zero))
{
    graph.LoadWeights(model);
    // On the shared compute thread, as LlamaTrainer by default: the process keeps one OpenMP pool.
    LlamaComputeThread.Shared.Run(() =>
    {
        for (int s = 0; s < steps; s++)
        {
            graph.SetBatch(batchTokens, batchTargets);
            graph.Run(backward: true);
        }
        return 0;
    });
}
double bare = tokens / watch.Elapsed.TotalSeconds;
double bareRss = PeakRssMiB();

// Ours: the same number of windows of the same length through LlamaTrainer (one example per window, loss on the
// completion), including encoding, window packing, the learning-rate schedule and progress reports.
var examples = Enumerable.Range(0, steps * batch)
    .Select(_ => new SftExample("x", new string(Enumerable.Range(0, window).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray())))
    .ToArray();
LlamaComputeThread? trainerThread = null;
if (beside != "none")
{
    // A sampler decodes first (2 threads on the shared compute thread), as the actor does before a training round.
    var path = Path.Combine(Path.GetTempPath(), $"trainer-bench-{Environment.ProcessId}.gguf");
    model.Save(path);
    using (var sampler = await LlamaSampler.LoadAsync(path, new LlamaEngineOptions { ContextSize = 4096, MaxParallelSequences = 8 }))
        await sampler.SampleAsync(SamplingRequest.FromUser("Compute 37 + 48.", 8, new SamplingOptions { Temperature = 1, MaxTokens = 64 }, 1));
    File.Delete(path);
    trainerThread = beside == "own" ? new LlamaComputeThread() : null;
}
var trainer = new LlamaTrainer(new TrainingOptions { BatchSize = batch, ContextLength = window, Threads = threads, EvalFraction = 0, Seed = 1 }, trainerThread);
watch.Restart();
var result = await trainer.TrainAsync(model, examples, ChatMlEncoder.ByteLevel, progress: new Progress<TrainingProgress>(_ => { }));
double ours = tokens / watch.Elapsed.TotalSeconds;
double oursRss = PeakRssMiB();

Console.WriteLine("| loop | steps | tokens/s | ours ÷ bare | peak RSS of the process so far |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine($"| bare SetBatch + Run (ggml_opt_alloc + ggml_opt_eval) | {steps} | {bare:F0} | | {bareRss:F0} MiB |");
Console.WriteLine($"| LlamaTrainer.TrainAsync | {result.Steps} | {ours:F0} | {ours / bare:F2}× | {oursRss:F0} MiB |");

static double PeakRssMiB() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

int IntArg(string name, int fallback) => StringArg(name) is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
