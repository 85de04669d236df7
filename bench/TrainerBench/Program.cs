// Training tokens/s of LlamaTrainer against a bare loop over the same ggml-opt graph (issue 3: ours ≥ 0.95×), and
// peak RSS. Usage: dotnet run -c Release --project bench/TrainerBench [-- --steps 60 --window 256 --batch 8 --threads 2]
using System.Diagnostics;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Native;
using MathCritique.LlamaCpp.Training;

int steps = IntArg("--steps", 60);
int window = IntArg("--window", 256);
int batch = IntArg("--batch", 8);
int threads = IntArg("--threads", Math.Max(1, Environment.ProcessorCount / 2));

var config = new LlamaConfig { EmbeddingLength = 128, BlockCount = 2, FeedForwardLength = 512, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 };
var model = LlamaModelFile.CreateRandom(config, seed: 1);
long tokens = (long)steps * batch * window;
Console.WriteLine($"0.59 M lab model, {steps} steps × {batch} windows × {window} tokens, {threads} threads, f32, AdamW");

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
    for (int s = 0; s < steps; s++)
    {
        graph.SetBatch(batchTokens, batchTargets);
        graph.Run(backward: true);
    }
}
double bare = tokens / watch.Elapsed.TotalSeconds;
double bareRss = PeakRssMiB();

// Ours: the same number of windows of the same length through LlamaTrainer (one example per window, loss on the
// completion), including encoding, window packing, the learning-rate schedule and progress reports.
var examples = Enumerable.Range(0, steps * batch)
    .Select(_ => new SftExample("x", new string(Enumerable.Range(0, window).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray())))
    .ToArray();
var trainer = new LlamaTrainer(new TrainingOptions { BatchSize = batch, ContextLength = window, Threads = threads, EvalFraction = 0, Seed = 1 });
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

int IntArg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
