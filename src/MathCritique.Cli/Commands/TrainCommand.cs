using System.CommandLine;
using System.Globalization;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Training;
using MathCritique.Training;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique train</c>: supervised fine-tuning of a llama GGUF on prompt/completion JSON Lines.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "llama GGUF to train (f32/f16 weights).", Required = true };
        var data = new Option<FileInfo>("--data", "-d") { Description = "JSON Lines; each line {\"prompt\": ..., \"completion\": ...}.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the trained GGUF.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 1 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => 1e-3f };
        var batch = new Option<int>("--batch") { Description = "Windows per optimizer step.", DefaultValueFactory = _ => 8 };
        var ctx = new Option<int>("--ctx") { Description = "Tokens per window (0: the longest example, or 256 when packing).", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps.", DefaultValueFactory = _ => 0 };
        var minLr = new Option<float>("--min-lr-fraction") { Description = "Final learning rate as a fraction of the peak (cosine decay).", DefaultValueFactory = _ => 0.1f };
        var weightDecay = new Option<float>("--weight-decay") { Description = "AdamW weight decay.", DefaultValueFactory = _ => 0f };
        var evalFraction = new Option<double>("--eval-fraction") { Description = "Fraction of examples held out for a per-epoch loss.", DefaultValueFactory = _ => 0.0 };
        var pack = new Option<bool>("--pack") { Description = "Pack several examples per window (default: one example per window)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write <out>.checkpoint.gguf every N steps (0: off).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the shuffles.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "CPU threads (default: every core up to 4).", DefaultValueFactory = _ => new LlamaFineTunerOptions().Threads };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>.checkpoint.gguf if one exists (same data and options)." };
        var log = new Option<FileInfo?>("--log") { Description = "CSV of step, epoch, loss, lr, tokens/s, eval loss (written as it trains)." };

        var command = new Command("train", "Fine-tune a llama GGUF on prompt/completion pairs (ChatML, loss on the completion only).")
        {
            model, data, output, epochs, lr, batch, ctx, warmup, minLr, weightDecay, evalFraction, pack, checkpointEvery, seed, threads, resume, log,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputPath = parse.GetValue(output)!.FullName;
            var job = new FineTuneJob
            {
                BaseModel = parse.GetValue(model)!.FullName,
                Examples = await SftJsonl.ReadAsync(parse.GetValue(data)!.FullName, cancellationToken),
                Output = outputPath,
                Resume = parse.GetValue(resume),
                Hyperparameters = new FineTuneHyperparameters
                {
                    Epochs = parse.GetValue(epochs),
                    LearningRate = parse.GetValue(lr),
                    BatchSize = parse.GetValue(batch),
                    MaxLength = parse.GetValue(ctx),
                    WarmupSteps = parse.GetValue(warmup),
                    MinLearningRateFraction = parse.GetValue(minLr),
                    WeightDecay = parse.GetValue(weightDecay),
                    EvalFraction = parse.GetValue(evalFraction),
                    PackExamples = parse.GetValue(pack),
                    CheckpointEverySteps = parse.GetValue(checkpointEvery),
                    Seed = parse.GetValue(seed),
                },
            };
            job.Validate();
            if (job.Resume && LlamaTrainer.CheckpointStep(outputPath) is { } done)
                await Console.Error.WriteLineAsync($"resuming from {LlamaTrainer.CheckpointPath(outputPath)} after step {done}");

            var logFile = parse.GetValue(log);
            await using var logWriter = logFile is null ? null : new StreamWriter(logFile.FullName, append: false) { AutoFlush = true };
            var csv = logWriter is null ? null : TrainingLogCsv.Start(logWriter);
            var evalLines = new List<string>();
            var result = await ProgressDisplay.RunAsync("train", report => new LlamaFineTuner(new LlamaFineTunerOptions { Threads = parse.GetValue(threads) })
                .FineTuneAsync(job, new Reporter(p =>
                {
                    report(p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch} loss {p.Loss:F3} lr {p.LearningRate:G3} {p.TokensPerSecond:F0} tok/s"));
                    if (p.EvalLoss is { } eval)
                        evalLines.Add(string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}: train loss {p.Loss:F4}, held-out loss {eval:F4}"));
                    csv?.Report(p);
                }), cancellationToken));
            foreach (var line in evalLines)
                Console.Error.WriteLine(line);
            int windows = ((TrainingResult)result.RawRepresentation!).Windows;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained {result.Steps} steps on {result.TrainExamples} examples in {windows} windows ({result.TruncatedExamples} truncated); final loss {result.StepLosses[^1]:F4}; {result.TokensPerSecond:F0} tokens/s; wrote {outputPath}"));
            return 0;
        });
        return command;
    }

    // Reports on the trainer's thread, in order (Progress<T> would post to the thread pool and could reorder the CSV).
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
