using System.CommandLine;
using System.Globalization;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using Spectre.Console;

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
        var threads = new Option<int>("--threads") { Description = "CPU threads (default: every core up to 4).", DefaultValueFactory = _ => new TrainingOptions().Threads };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>.checkpoint.gguf if one exists (same data and options)." };
        var log = new Option<FileInfo?>("--log") { Description = "CSV of step, epoch, loss, lr, tokens/s, eval loss (written as it trains)." };

        var command = new Command("train", "Fine-tune a llama GGUF on prompt/completion pairs (ChatML, loss on the completion only).")
        {
            model, data, output, epochs, lr, batch, ctx, warmup, minLr, weightDecay, evalFraction, pack, checkpointEvery, seed, threads, resume, log,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                ContextLength = parse.GetValue(ctx),
                WarmupSteps = parse.GetValue(warmup),
                MinLearningRateFraction = parse.GetValue(minLr),
                WeightDecay = parse.GetValue(weightDecay),
                EvalFraction = parse.GetValue(evalFraction),
                PackExamples = parse.GetValue(pack),
                CheckpointEverySteps = parse.GetValue(checkpointEvery),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            LlamaModelFile baseModel;
            List<SftExample> examples;
            ChatMlEncoder encoder;
            try
            {
                var modelPath = parse.GetValue(model)!.FullName;
                if (parse.GetValue(resume) && LlamaTrainer.CheckpointStep(parse.GetValue(output)!.FullName) is { } done)
                {
                    // The checkpoint carries the weights; the tokenizer is the same as the base model's.
                    modelPath = LlamaTrainer.CheckpointPath(parse.GetValue(output)!.FullName);
                    options = options with { StartStep = done };
                    await Console.Error.WriteLineAsync($"resuming from {modelPath} after step {done}");
                }
                options.Validate();
                baseModel = LlamaModelFile.Load(modelPath);
                encoder = ChatMlEncoder.For(baseModel, modelPath);
                examples = await SftJsonl.ReadAsync(parse.GetValue(data)!.FullName, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or LlamaCpp.Gguf.GgufFormatException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            var outputPath = parse.GetValue(output)!.FullName;
            var logFile = parse.GetValue(log);
            await using var logWriter = logFile is null ? null : new StreamWriter(logFile.FullName, append: false) { AutoFlush = true };
            if (logWriter is not null)
                await logWriter.WriteLineAsync("step,epoch,loss,lr,tokens_per_s,eval_loss");
            var evalLines = new List<string>();
            TrainingResult? result = null;
            try
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("starting", maxValue: 1);
                        var progress = new Reporter(p =>
                        {
                            task.MaxValue = p.TotalSteps;
                            task.Value = p.Step;
                            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                                $"epoch {p.Epoch} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} lr {p.LearningRate:G3} {p.TokensPerSecond:F0} tok/s"));
                            if (p.EvalLoss is { } eval)
                                evalLines.Add(string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}: train loss {p.Loss:F4}, held-out loss {eval:F4}"));
                            logWriter?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{p.Step},{p.Epoch},{p.Loss:G6},{p.LearningRate:G6},{p.TokensPerSecond:F1},{p.EvalLoss?.ToString("G6", CultureInfo.InvariantCulture)}"));
                        });
                        result = await new LlamaTrainer(options).TrainAsync(baseModel, examples, encoder, outputPath, progress, cancellationToken);
                    });
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
            foreach (var line in evalLines)
                Console.Error.WriteLine(line);
            var r = result!;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained {r.Steps} steps on {r.TrainExamples} examples in {r.Windows} windows ({r.TruncatedExamples} truncated); final loss {r.StepLosses[^1]:F4}; {r.TokensPerSecond:F0} tokens/s; wrote {outputPath}"));
            return 0;
        });
        return command;
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
