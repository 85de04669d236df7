using System.CommandLine;
using System.Globalization;
using MathCritique.Cli.Hosting;
using MathCritique.Lab.Training;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.Runs;
using MathCritique.Training;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique lab train-actor</c> and <c>lab train-critic</c>: make the lab models from scratch (or from a GGUF)
/// on exact lab data, so that the shipped models are reproducible with one command each.
/// </summary>
internal static class LabTrainCommands
{
    public static Command CreateActor() => Create(
        "train-actor", "Train the lab actor: solve lab problems, and refine a solution given an exact critique.",
        ShippedModels.ActorFile, new LabTrainingMix { SolvePerLevel = 1200, FixPerLevel = 300, KeepPerLevel = 40 }, defaultSeed: 1);

    public static Command CreateCritic() => Create(
        "train-critic", "Train the lab critic: write the paper's step-level critique of a lab solution.",
        ShippedModels.WholeCriticFile, new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, CritiquePerLevel = 600 }, defaultSeed: 2);

    private static Command Create(string name, string description, string defaultFile, LabTrainingMix defaults, int defaultSeed)
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the trained GGUF.", DefaultValueFactory = _ => new FileInfo(Path.Combine("models", defaultFile)) };
        var init = new Option<FileInfo?>("--init") { Description = "Start from this GGUF (e.g. the actor, for the critic) instead of random weights." };
        var embd = new Option<int>("--embd") { DefaultValueFactory = _ => 128, Description = "New model: embedding width." };
        var layers = new Option<int>("--layers") { DefaultValueFactory = _ => 2, Description = "New model: blocks." };
        var heads = new Option<int>("--heads") { DefaultValueFactory = _ => 4, Description = "New model: attention heads." };
        var ff = new Option<int>("--ff") { DefaultValueFactory = _ => 512, Description = "New model: feed-forward width." };
        var ctx = new Option<int>("--ctx") { DefaultValueFactory = _ => 1536, Description = "New model: context length." };
        var window = new Option<int>("--window") { DefaultValueFactory = _ => 1024, Description = "Training window in tokens, examples packed into windows as separate sequences; 0: one example per window." };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 8, Description = "Windows per optimizer step." };
        var lr = new Option<float>("--lr") { DefaultValueFactory = _ => 3e-3f, Description = "Peak learning rate (warm-up, then cosine)." };
        var solve = new Option<int>("--solve") { DefaultValueFactory = _ => defaults.SolvePerLevel, Description = "Solve examples per level." };
        var fix = new Option<int>("--fix") { DefaultValueFactory = _ => defaults.FixPerLevel, Description = "Refine-a-flawed-solution examples per level." };
        var keep = new Option<int>("--keep") { DefaultValueFactory = _ => defaults.KeepPerLevel, Description = "Refine-a-right-solution examples per level." };
        var critique = new Option<int>("--critique") { DefaultValueFactory = _ => defaults.CritiquePerLevel, Description = "Critique examples per level." };
        var extra = new Option<FileInfo[]>("--data") { Description = "Extra prompt/completion JSONL files (e.g. critic_sft.jsonl from `collect`).", AllowMultipleArgumentsPerToken = true };
        var levels = new Option<string>("--levels") { DefaultValueFactory = _ => "1-5", Description = "Lab levels of the generated examples, e.g. 1-2 for a curriculum stage." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaultSeed };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => new TrainingOptions().Threads, Description = "CPU threads (default: every core up to 4; ggml threads spin: more than the free cores is much slower)." };

        var arithmetic = new Option<int>("--arith") { DefaultValueFactory = _ => defaults.ArithmeticPerLevel, Description = "Arithmetic drill examples per level (\"Compute: a + b\" → \"a + b = c.\")." };
        var check = new Option<int>("--check") { DefaultValueFactory = _ => defaults.CheckPerLevel, Description = "Step-check drill examples per level (a solution cut after a step → the critique of that step)." };
        var lookup = new Option<int>("--lookup") { DefaultValueFactory = _ => defaults.LookupPerLevel, Description = "Lookup drill examples per level (the step-check drill with half its steps using a number not at hand)." };
        var checkLines = new Option<bool>("--check-lines") { Description = "Critiques write a working line before each verdict (operands given/earlier/new, the computation redone)." };
        var checkStyle = new Option<LabCheckStyle>("--check-style") { DefaultValueFactory = _ => LabCheckStyle.Marks, Description = "With --check-lines: Marks (one mark per operand), Scan (compare each operand with the numbers at hand in turn), ScanPairs (Scan with no decision a copy: `17 vs 4 no`, `27 + 15 makes 42 vs 41 not`, `before = 42; answer is 41 vs 42 not last`; an operand used a second time `7 vs 7 yes given, used`) or ScanDigits (ScanPairs with sums, differences and products redone units first: `27 + 15 from right 24 makes 42 vs 41 not`)." };
        var addLayers = new Option<int>("--add-layers") { Description = "With --init: add this many blocks on top, starting as no-ops (more depth, same function)." };
        addLayers.Validators.Add(r => { if (r.GetValue(addLayers) < 0) r.AddError("--add-layers must be >= 0"); });
        var answer = new Option<int>("--answer") { DefaultValueFactory = _ => defaults.AnswerPerLevel, Description = "Answer drill examples per level (a right solution's answer line, half of them stating another number than the last result)." };
        var reuse = new Option<int>("--reuse") { DefaultValueFactory = _ => defaults.ReusePerLevel, Description = "Reuse drill examples per level (a step cut short, half of them using a number used already: `7 + 7` for \"has 7, buys 2 more\")." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { DefaultValueFactory = _ => 200, Description = "Write <out>.checkpoint.gguf every N steps (0: off)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>.checkpoint.gguf if one exists: the same command again (its data is regenerated from the seed); the optimizer's moments start afresh." };
        var command = new Command(name, description) { output, init, addLayers, embd, layers, heads, ff, ctx, window, epochs, batch, lr, solve, fix, keep, critique, arithmetic, check, lookup, answer, reuse, checkLines, checkStyle, extra, seed, threads, levels, checkpointEvery, resume };
        command.Validators.Add(r =>
        {
            if (r.GetValue(addLayers) > 0 && r.GetValue(init) is null)
                r.AddError("--add-layers needs --init (a new model takes --layers).");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recipe = await LabTrainingRecipe.PrepareAsync(new LabTrainingRecipeOptions
            {
                Output = parse.GetValue(output)!.FullName,
                Mix = defaults with
                {
                    SolvePerLevel = parse.GetValue(solve),
                    FixPerLevel = parse.GetValue(fix),
                    KeepPerLevel = parse.GetValue(keep),
                    CritiquePerLevel = parse.GetValue(critique),
                    ArithmeticPerLevel = parse.GetValue(arithmetic),
                    CheckPerLevel = parse.GetValue(check),
                    LookupPerLevel = parse.GetValue(lookup),
                    AnswerPerLevel = parse.GetValue(answer),
                    ReusePerLevel = parse.GetValue(reuse),
                    Levels = LabProblemSet.ParseLevels(parse.GetValue(levels)!),
                },
                Oracle = new LabOracleOptions { WriteChecks = parse.GetValue(checkLines), CheckStyle = parse.GetValue(checkStyle) },
                ExtraData = (parse.GetValue(extra) ?? []).Select(f => f.FullName).ToArray(),
                Init = parse.GetValue(init)?.FullName,
                AddLayers = parse.GetValue(addLayers),
                NewModel = new LlamaConfig
                {
                    EmbeddingLength = parse.GetValue(embd),
                    BlockCount = parse.GetValue(layers),
                    HeadCount = parse.GetValue(heads),
                    HeadCountKv = parse.GetValue(heads),
                    FeedForwardLength = parse.GetValue(ff),
                    ContextLength = parse.GetValue(ctx),
                },
                Window = parse.GetValue(window),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                CheckpointEverySteps = parse.GetValue(checkpointEvery),
                Resume = parse.GetValue(resume),
                Command = "mathcritique " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            }, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{recipe.Examples.Count} examples, model {recipe.Model.Config.ParameterCount / 1e6:F2}M parameters → {parse.GetValue(output)!.FullName}");
            if (recipe.ResumedAfterStep is { } done)
                AnsiConsole.MarkupLineInterpolated($"resuming from {recipe.WeightsPath} after step {done}");

            var result = await ProgressDisplay.RunAsync(name, report => recipe.TrainAsync(
                new SynchronousProgress<TrainingProgress>(p => report(p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture,
                    $"epoch {p.Epoch} loss {p.Loss:F3}{(p.EvalLoss is { } e ? $" eval {e:F3}" : "")} lr {p.LearningRate:G2} {p.TokensPerSecond:F0} tok/s"))),
                cancellationToken));
            AnsiConsole.MarkupLineInterpolated($"trained {result.Steps} steps at {result.TokensPerSecond:F0} tokens/s; held-out loss by epoch: {string.Join(", ", result.EpochEvalLosses.Select(l => l.ToString("F3", CultureInfo.InvariantCulture)))}; log {recipe.LogPath}");
            return 0;
        });
        return command;
    }
}
