using System.CommandLine;
using System.Globalization;
using MathCritique.Cli.Hosting;
using MathCritique.Cli.Reports;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Training;
using MathCritique.Runs;
using MathCritique.Sampling;
using MathCritique.SelfImprovement;
using MathCritique.SelfTalk;
using MathCritique.Training;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique selftalk</c>: one model that solves, checks its own steps and corrects itself.</summary>
internal static class SelfTalkCommand
{
    public const string ByteTokenizer = "byte";

    public static Command Create() => new("selftalk", "Self-talk reasoning: traces that check their own steps and correct themselves.") { CreateBuild(), CreateTrain(), CreateEval() };

    /// <summary><c>selftalk build</c>: self-talk traces and the equal-budget plain-CoT set from a collect directory or an improve run.</summary>
    private static Command CreateBuild()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "A collect output directory (its critiques.jsonl) or an improve run directory (its run.json and {arm}/iteration-{i}/exploration.jsonl).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write traces.jsonl, selftalk/ and plain-cot/ (SFT exports), stats.md.", Required = true };
        var arms = new Option<string?>("--arms") { Description = "Of an improve run: the arms to read, joined with commas (critique, vanilla, compute-matched). Default: all there are." };
        var iterations = new Option<string?>("--iterations") { Description = "Of an improve run: the iterations to read, joined with commas (e.g. 1,2). Default: all there are." };
        var rate = new Option<double>("--confirm-rate") { Description = "The share of right steps followed by a check that confirms them.", DefaultValueFactory = _ => 0.25 };
        var attempts = new Option<int>("--wrong-attempts") { Description = "Most wrong attempts before the right one (above 1 only from --several-from-level).", DefaultValueFactory = _ => 1 };
        var severalFrom = new Option<int>("--several-from-level") { Description = "The lowest level whose traces may hold several wrong attempts.", DefaultValueFactory = _ => 3 };
        var tokenizer = new Option<string>("--tokenizer") { Description = $"How training tokens are counted: '{ByteTokenizer}' (the lab vocabulary, one per UTF-8 byte) or a GGUF whose tokenizer to use.", DefaultValueFactory = _ => ByteTokenizer };
        var seed = new Option<ulong>("--seed") { Description = "Seeds which steps get confirmations.", DefaultValueFactory = _ => 1 };
        var maskRetracted = new Option<bool>("--mask-retracted") { Description = "Keep each retracted attempt's steps as context without loss (selftalk_sft.jsonl only); the plain-CoT set matches the trained tokens." };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 40, defaultSplit: LabSplit.Train);

        var command = new Command("build", "Build self-talk traces (and a plain-CoT set with as many tokens) from a collect directory or an improve run, with statistics and SFT exports.")
        {
            from, output, arms, iterations, rate, attempts, severalFrom, tokenizer, seed, maskRetracted,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string tokenizerName = parse.GetValue(tokenizer)!;
            using var gguf = OpenTokenizer(tokenizerName);
            var options = new SelfTalkBuildOptions
            {
                From = parse.GetValue(from)!.FullName,
                Directory = parse.GetValue(output)!.FullName,
                Arms = parse.GetValue(arms) is { } armNames ? List(armNames).Select(SelfImprovementArms.Parse).ToArray() : null,
                Iterations = parse.GetValue(iterations) is { } numbers ? List(numbers).Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i > 0
                    ? i : throw new ArgumentException($"--iterations: '{n}' is not an iteration number (1, 2, ...).")).ToArray() : null,
                Prompts = source.Prompts(parse),
                Problems = await source.LoadAsync(parse, cancellationToken),
                ProblemSource = source.Describe(parse),
                Labeler = source.IsLab(parse) ? new LabStepChecker() : null,
                Tokens = gguf ?? (ITokenCounter)new Utf8ByteTokenCounter(),
                MaskRetracted = parse.GetValue(maskRetracted),
                Dataset = new SelfTalkDatasetOptions
                {
                    Writer = new SelfTalkWriterOptions { ConfirmationRate = parse.GetValue(rate) },
                    MaxWrongAttempts = parse.GetValue(attempts),
                    SeveralAttemptsFromLevel = parse.GetValue(severalFrom),
                    Seed = parse.GetValue(seed),
                },
            };
            var result = await SelfTalkBuild.RunAsync(options, cancellationToken);
            AnsiConsole.WriteLine(result.Stats.ToMarkdown());
            AnsiConsole.MarkupLineInterpolated($"{result.SelfTalk.Count} self-talk traces and {result.PlainCot.Count} plain-CoT examples written to [link]{options.Directory}[/]");
            return 0;
        });
        return command;
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The build's and the trainer's token counter: the lab's byte vocabulary, or a GGUF's tokenizer (null for the former).</summary>
    private static GgufTokenCounter? OpenTokenizer(string name)
    {
        if (name == ByteTokenizer)
            return null;
        NativeLogging.Suppress();
        return new GgufTokenCounter(name);
    }

    /// <summary><c>selftalk train</c>: the self-talk actor and the plain-CoT actor from one base, on one budget.</summary>
    private static Command CreateTrain()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "A `selftalk build` output directory.", Required = true };
        var baseModel = new Option<FileInfo>("--base") { Description = "The GGUF both actors start from.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write selftalk/ and plain-cot/ (each a model.gguf and training.json); re-running resumes.", Required = true };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Examples per optimizer step of the self-talk run (the plain-CoT run's batch makes as many steps).", DefaultValueFactory = _ => 8 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate of both runs.", DefaultValueFactory = _ => 1e-3f };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N steps, from which a stopped run resumes (0: off).", DefaultValueFactory = _ => 50 };
        var tokenizer = new Option<string>("--tokenizer") { Description = $"How the equal token budget is checked: '{ByteTokenizer}' or the GGUF whose tokenizer the build used.", DefaultValueFactory = _ => ByteTokenizer };
        var threads = new Option<int>("--threads") { Description = "CPU threads of the trainer.", DefaultValueFactory = _ => new TrainingOptions().Threads };
        var command = new Command("train", "Train a self-talk actor and a plain-CoT actor from one base on a build's two equal-budget sets (same steps, lr, seed).")
        {
            from, baseModel, output, epochs, batch, lr, warmup, seed, checkpointEvery, tokenizer, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gguf = OpenTokenizer(parse.GetValue(tokenizer)!);
            var options = new SelfTalkTrainOptions
            {
                From = parse.GetValue(from)!.FullName,
                BaseModel = ShippedModels.Resolve(parse.GetValue(baseModel)!.FullName),
                Directory = parse.GetValue(output)!.FullName,
                Tokens = gguf ?? (ITokenCounter)new Utf8ByteTokenCounter(),
                Hyperparameters = new FineTuneHyperparameters
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    WarmupSteps = parse.GetValue(warmup),
                    Seed = parse.GetValue(seed),
                    CheckpointEverySteps = parse.GetValue(checkpointEvery),
                },
            };
            var fineTuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = parse.GetValue(threads) });
            var result = await ProgressDisplay.RunAsync("selftalk train", report => SelfTalkTraining.RunAsync(options, fineTuner,
                new SynchronousProgress<SelfTalkTrainProgress>(p => report(p.Step.Step, p.Step.TotalSteps, string.Create(CultureInfo.InvariantCulture,
                    $"{SelfTalkTraining.DirectoryName(p.Arm)} loss {p.Step.Loss:F3} lr {p.Step.LearningRate:G2} {p.Step.TokensPerSecond:F0} tok/s"))), cancellationToken));
            foreach (var actor in new[] { result.SelfTalk, result.PlainCot })
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"{SelfTalkTraining.DirectoryName(actor.Arm)}: {actor.Examples} examples, {actor.TrainedTokens} trained tokens{(actor.MaskRetracted ? " (retracted steps masked)" : "")}, {actor.Steps} steps (batch {actor.Hyperparameters.BatchSize}){(result.Reused.Contains(actor.Arm) ? ", trained before" : "")} → [link]{actor.Model}[/]");
            return 0;
        });
        return command;
    }

    /// <summary><c>selftalk eval</c>: both actors on held-out problems, with the self-talk actor's flags judged.</summary>
    private static Command CreateEval()
    {
        var selfTalk = new Option<string>("--selftalk") { Description = "The self-talk actor: a model address (a GGUF path, a server address or a profile name).", Required = true };
        var plain = new Option<string>("--plain") { Description = "The plain-CoT actor: a model address.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Run directory (re-running with the same options resumes it).", Required = true };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature of both actors (0: greedy).", DefaultValueFactory = _ => 0f };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per output (self-talk outputs are longer).", DefaultValueFactory = _ => 640 };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1 };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 20);
        var command = new Command("eval", "Compare the self-talk actor with the plain-CoT actor on held-out problems: accuracy by level, flags, fixes and breaks, length.")
        {
            selfTalk, plain, output, temperature, maxTokens, seed,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = await source.LoadAsync(parse, cancellationToken);
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var selfTalkModel = await models.OpenAsync(parse.GetValue(selfTalk)!, cancellationToken);
            using var plainModel = await models.OpenAsync(parse.GetValue(plain)!, cancellationToken);
            var options = new SelfTalkEvalOptions
            {
                SelfTalk = selfTalkModel,
                PlainCot = plainModel,
                Prompts = source.Prompts(parse),
                ProblemSource = source.Describe(parse),
                Directory = parse.GetValue(output)!.FullName,
                Labeler = source.IsLab(parse) ? new LabStepChecker() : null,
                Sampling = new SamplingOptions { Temperature = parse.GetValue(temperature), MaxTokens = parse.GetValue(maxTokens) },
                Seed = parse.GetValue(seed),
                Title = $"Self-talk eval: {Path.GetFileName(parse.GetValue(selfTalk))} vs {Path.GetFileName(parse.GetValue(plain))}",
                Plots = SelfTalkPlots.Save,
            };
            var result = await ProgressDisplay.RunAsync("selftalk eval", report => SelfTalkEvaluation.RunAsync(problems, options,
                new SynchronousProgress<SelfTalkEvalProgress>(p => report(p.ProblemsDone, p.ProblemsTotal, $"{p.ProblemsDone}/{p.ProblemsTotal} problems")), cancellationToken));
            var all = result.Summary.Overall;
            // Plain console lines: the console library would wrap them at its guess of the terminal width.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{all.Problems} problems: self-talk {100 * all.SelfTalkAccuracy.Mean:F1}%, plain CoT {100 * all.PlainCotAccuracy.Mean:F1}%, paired difference {100 * all.Difference.Mean:+0.0;-0.0;0.0} pts [{100 * all.Difference.Low:+0.0;-0.0;0.0}, {100 * all.Difference.High:+0.0;-0.0;0.0}]; flagged {100 * all.FlagRate:F1}% of outputs"));
            AnsiConsole.MarkupLineInterpolated($"report: [link]{Path.Combine(result.Directory, SelfTalkEvaluation.ReportFile)}[/]");
            return 0;
        });
        return command;
    }
}
