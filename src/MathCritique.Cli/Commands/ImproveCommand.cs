using System.CommandLine;
using System.Globalization;
using MathCritique.Cli.Hosting;
using MathCritique.Cli.Reports;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Training;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.SelfImprovement;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique improve</c>: self-improvement of the actor, vanilla and critique-in-the-loop, for a few iterations →
/// a resumable run directory with every sample, critique, refinement, filter decision, training set, fine-tune and
/// held-out result, summary.json, report.md and plots.
/// </summary>
internal static class ImproveCommand
{
    private const string NoCritic = "none";

    public static Command Create()
    {
        var actor = new Option<string>("--actor") { Description = "The actor to improve: a GGUF for the in-process trainer, or what the --trainer file's trainer starts from (a Hugging Face id or directory).", DefaultValueFactory = _ => ShippedModels.Actor };
        var critic = new Option<string>("--critic") { Description = "The critic: a model address or profile name, or none (vanilla arms only).", DefaultValueFactory = _ => ShippedModels.Critic };
        var arms = new Option<string?>("--arms") { Description = "Arms, joined with commas: critique, vanilla, compute-matched (more first attempts until its generated tokens match the critique arm's). Default: all three; vanilla with --critic none." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Run directory (re-running with the same options resumes it).", DefaultValueFactory = _ => new DirectoryInfo("runs/improve") };
        var iterations = new Option<int>("--iterations") { Description = "Iterations: explore, filter, fine-tune, evaluate.", DefaultValueFactory = _ => 3 };
        var samples = new Option<int>("--samples", "-n") { Description = "First attempts per training problem (N).", DefaultValueFactory = _ => 4 };
        var refinements = new Option<int?>("--refinements") { Description = "Refinements sampled per critique of a wrong first attempt (default: N)." };
        var rounds = new Option<int>("--rounds") { Description = "Critique→refine rounds per wrong first attempt (a round whose refinements are all wrong goes on from its first).", DefaultValueFactory = _ => 1 };
        var refine = new Option<RefineMode>("--refine") { Description = "How the actor refines: Rewrite (the paper) or Resume (from the critique's first wrong step).", DefaultValueFactory = _ => RefineMode.Rewrite };
        var fromBase = new Option<bool>("--from-base") { Description = "Fine-tune from the base actor every iteration (the default, as the authors)." };
        var fromPrevious = new Option<bool>("--continue") { Description = "Fine-tune from the previous iteration's model instead." };
        var difficultyAware = new Option<bool>("--difficulty-aware") { Description = "Give problems that were hard in the previous iteration (by pass rate; first, by level) more first attempts, the total kept." };
        var trainLevels = new Option<string>("--train-levels") { Description = "Lab levels of the training problems (train split).", DefaultValueFactory = _ => "1-5" };
        var trainPerLevel = new Option<int>("--train-per-level") { Description = "Training problems per level.", DefaultValueFactory = _ => 12 };
        var evalLevels = new Option<string>("--eval-levels") { Description = "Lab levels of the held-out problems.", DefaultValueFactory = _ => "1-5" };
        var evalSplit = new Option<LabSplit>("--eval-split") { Description = "Held-out problems from the Test split (figures to report, once per setting), the Dev split (development: choose settings there), or the Train split apart from the training and seed problems (the development set of runs made before the Dev split).", DefaultValueFactory = _ => LabSplit.Test };
        var evalPerLevel = new Option<int>("--eval-per-level") { Description = "Held-out problems per level.", DefaultValueFactory = _ => 20 };
        var seedPerLevel = new Option<int>("--seed-per-level") { Description = "Seed examples (question → reference solution, other train-split problems) per training level, mixed into every iteration's set.", DefaultValueFactory = _ => 0 };
        var labSeed = new Option<int>("--lab-seed") { Description = "Seed of the lab problem generator.", DefaultValueFactory = _ => 2024 };
        var prompts = new Option<string?>("--prompts") { Description = "Prompt set (lab, lab-stepwise, paper). Default: the one the critic's GGUF declares, else lab." };
        var noStepCheck = new Option<bool>("--no-step-check") { Description = "Verify answers only (default: the lab's exact step checker also rejects a right answer reached by wrong steps)." };
        var maxFirst = new Option<int>("--max-first-attempts") { Description = "Distinct verified first attempts kept per problem.", DefaultValueFactory = _ => 4 };
        var maxRefined = new Option<int>("--max-refinements") { Description = "Verified refinements kept per problem (one per wrong first attempt at most).", DefaultValueFactory = _ => 4 };
        var slack = new Option<int>("--shortcut-slack") { Description = "Shortcut barrier: drop a refinement with fewer numbers than both the reference solution and the solution it refines, less this.", DefaultValueFactory = _ => 2 };
        var dropStated = new Option<bool>("--drop-stated-answer") { Description = "Drop refinements whose critique wrote the reference answer (default: keep them, flagged)." };
        var mixEarlier = new Option<bool>("--mix-earlier") { Description = "Also train on the solutions kept in the arm's earlier iterations." };
        var critiqueConditioned = new Option<bool>("--critique-conditioned") { Description = "A kept refinement also becomes a (question, wrong solution, critique) → refinement example." };
        var trainExamples = new Option<int>("--train-examples") { Description = "Examples each fine-tune trains on (the set cycled to this size, so every arm takes the same steps); 0: the set as it is.", DefaultValueFactory = _ => 256 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the examples per fine-tune.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Examples per optimizer step.", DefaultValueFactory = _ => 4 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (warm-up, then cosine).", DefaultValueFactory = _ => 5e-4f };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps.", DefaultValueFactory = _ => 4 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Fine-tune checkpoint every N steps, so a stopped fine-tune continues from it (without AdamW's moments: not the same weights as an uninterrupted one); 0: a stopped fine-tune starts again.", DefaultValueFactory = _ => 0 };
        var trainerFile = new Option<string?>("--trainer") { Description = "A trainer file (trainer.json: LLaMA-Factory and a server per checkpoint; see README). Default: the in-process trainer on GGUFs." };
        var threads = new Option<int>("--threads") { Description = "CPU threads of the trainer (default: every core up to 4).", DefaultValueFactory = _ => new LlamaFineTunerOptions().Threads };
        var temperature = new Option<float>("--temperature") { Description = "Actor sampling temperature while exploring.", DefaultValueFactory = _ => 0.7f };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per actor answer.", DefaultValueFactory = _ => 320 };
        var criticMaxTokens = new Option<int>("--critic-max-tokens") { Description = "Most tokens per critique.", DefaultValueFactory = _ => 640 };
        var batchProblems = new Option<int>("--problems-per-batch") { Description = "Problems explored together (the engine batches their requests; a stopped run resumes by batch).", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every sampling call and shuffle.", DefaultValueFactory = _ => 1 };
        var trainFile = new Option<FileInfo?>("--problems") { Description = "Training problems from a file (GSM8K, MATH or MathCritique JSONL) instead of the lab; needs --eval-problems. Verification is the grader alone." };
        var heldOutFile = new Option<FileInfo?>("--eval-problems") { Description = "With --problems: the held-out problems (none may share a question with the training or seed problems)." };
        var seedFile = new Option<FileInfo?>("--seed-problems") { Description = "With --problems: problems whose reference solutions are mixed into every iteration's training set as seed examples." };

        var command = new Command("improve", "Self-improvement of the actor (vanilla, critique-in-the-loop, compute-matched) with a report.")
        {
            actor, critic, arms, output, iterations, samples, refinements, rounds, refine, fromBase, fromPrevious, difficultyAware, trainLevels, trainPerLevel,
            evalLevels, evalSplit, evalPerLevel, seedPerLevel, labSeed, prompts, noStepCheck, maxFirst, maxRefined, slack, dropStated, mixEarlier, critiqueConditioned,
            trainExamples, epochs, batch, lr, warmup, checkpointEvery, trainerFile, threads, temperature, maxTokens, criticMaxTokens, batchProblems, seed,
            trainFile, heldOutFile, seedFile,
        };
        var criticFlags = new CriticSamplingFlags();
        criticFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(fromBase) && parse.GetValue(fromPrevious))
                throw new ArgumentException("--from-base and --continue: choose one.");
            string criticAddress = parse.GetValue(critic)!;
            bool withCritic = !string.Equals(criticAddress, NoCritic, StringComparison.OrdinalIgnoreCase);
            var armList = parse.GetValue(arms) is { } names
                ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SelfImprovementArms.Parse).ToArray()
                : withCritic ? SelfImprovementArms.All : [SelfImprovementArm.Vanilla];
            if (!withCritic && armList.Any(a => a != SelfImprovementArm.Vanilla))
                throw new ArgumentException("--critic none runs the vanilla arm only (the critique and compute-matched arms need a critic).");

            var files = parse.GetValue(trainFile) is { } trainPath
                ? new SelfImprovementFiles(trainPath.FullName, parse.GetValue(heldOutFile)?.FullName ?? throw new ArgumentException("--problems needs --eval-problems (the held-out problems)."),
                    parse.GetValue(seedFile)?.FullName)
                : parse.GetValue(heldOutFile) is not null || parse.GetValue(seedFile) is not null
                    ? throw new ArgumentException("--eval-problems and --seed-problems go with --problems.")
                    : null;
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var criticModel = withCritic ? await models.OpenAsync(criticAddress, cancellationToken) : null;
            var promptSetName = parse.GetValue(prompts) ?? criticModel?.PromptSet ?? (files is null ? LabPrompts.Name : PaperPrompts.Name);
            var sets = CommandModels.PromptSets();
            var promptSet = sets.Contains(promptSetName) ? sets.Create(promptSetName)
                : throw new ArgumentException($"--prompts: '{promptSetName}' is not a prompt set ({string.Join(", ", sets.Names)}).");
            int n = parse.GetValue(samples);
            var loop = new SelfImprovementOptions
            {
                Iterations = parse.GetValue(iterations),
                Samples = n,
                Refinements = parse.GetValue(refinements) ?? n,
                Rounds = parse.GetValue(rounds),
                Refine = parse.GetValue(refine),
                ActorSampling = new() { Temperature = parse.GetValue(temperature), MaxTokens = parse.GetValue(maxTokens) },
                CriticSampling = criticFlags.Sampling(parse, parse.GetValue(criticMaxTokens), criticModel),
                DifficultyAware = parse.GetValue(difficultyAware),
                Filter = new()
                {
                    ShortcutSlack = parse.GetValue(slack),
                    DropWhenCritiqueStatesAnswer = parse.GetValue(dropStated),
                    MaxFirstAttemptsPerProblem = parse.GetValue(maxFirst),
                    MaxRefinementsPerProblem = parse.GetValue(maxRefined),
                },
                Mix = new() { EarlierIterations = parse.GetValue(mixEarlier), CritiqueConditioned = parse.GetValue(critiqueConditioned) },
                TrainFrom = parse.GetValue(fromPrevious) ? TrainFrom.Previous : TrainFrom.Base,
                Hyperparameters = new()
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    WarmupSteps = parse.GetValue(warmup),
                    CheckpointEverySteps = parse.GetValue(checkpointEvery),
                },
                ExamplesPerIteration = parse.GetValue(trainExamples),
                ProblemsPerBatch = parse.GetValue(batchProblems),
                Seed = parse.GetValue(seed),
            };
            loop.Validate();
            var problems = files is not null ? await files.LoadAsync(promptSet, cancellationToken)
                : new LabSelfImprovementSet(parse.GetValue(trainLevels)!, parse.GetValue(trainPerLevel), parse.GetValue(evalLevels)!,
                    parse.GetValue(evalPerLevel), parse.GetValue(seedPerLevel), parse.GetValue(labSeed)) { EvalSplit = parse.GetValue(evalSplit) }.Load(promptSet);
            var trainer = await ImproveTrainer.CreateAsync(parse.GetValue(trainerFile), parse.GetValue(threads), cancellationToken);
            var pipeline = new SelfImprovementPipelineOptions
            {
                BaseCheckpoint = ShippedModels.Resolve(parse.GetValue(actor)!),
                Critic = criticModel,
                Prompts = promptSet,
                Opener = models,
                FineTuner = trainer.FineTuner,
                CheckpointHost = trainer.Host,
                Trainer = trainer.Identity,
                Labeler = parse.GetValue(noStepCheck) || files is not null ? null : new LabStepChecker(),
                SeedExamples = problems.SeedExamples,
                ProblemSource = $"{problems.Description}, {promptSetName} prompts",
                Directory = parse.GetValue(output)!.FullName,
                Loop = loop,
                Arms = armList,
                Title = $"MathCritique self-improvement: {Path.GetFileName(parse.GetValue(actor))}{(withCritic ? $" + {Path.GetFileName(criticAddress)}" : "")}",
                Plots = ImprovePlots.Save,
            };
            var result = await ProgressDisplay.RunAsync("improve", report => SelfImprovementPipeline.RunAsync(problems.Train, problems.HeldOut, pipeline,
                new SynchronousProgress<SelfImprovementProgress>(p => report(p.Done, p.Total, string.Create(CultureInfo.InvariantCulture, $"{p.Arm} iteration {p.Iteration}: {p.Phase}"))),
                cancellationToken));
            AnsiConsole.WriteLine(SelfImprovementReport.AccuracyTable(result.Summary));
            // Plain console lines: the console library would wrap them at its guess of the terminal width.
            Console.WriteLine(SelfImprovementReport.ArmComparisons(result.Summary));
            AnsiConsole.MarkupLineInterpolated($"report: [link]{result.ReportPath}[/]");
            return 0;
        });
        return command;
    }
}
