using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Cli.Reports;
using MathCritique.CriticEvaluation;
using MathCritique.Lab;
using MathCritique.Prompts;
using MathCritique.Runs;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique critic-eval</c>: critique quality on held-out lab solutions with exact labels — the actor's own
/// sampled solutions, labeled by the step checker — plus the closed-loop fix and break rates; with <c>--data</c>, on
/// step-labelled solutions from files (ProcessBench's or PRM800K's layout) with ProcessBench's metrics.
/// </summary>
internal static class CriticEvalCommand
{
    public static Command Create()
    {
        var actor = new Option<string>("--actor") { Description = "The actor that writes the solutions and the refinements: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Actor };
        var critic = new Option<string>("--critic") { Description = "The critic under test: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Critic };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write judgements.jsonl, metrics.json and metrics.md (with --data: run.json, records.jsonl, summary.json, report.md and a PNG; a re-run resumes it).", DefaultValueFactory = _ => new DirectoryInfo("runs/critic-eval") };
        var samples = new Option<int>("--samples") { Description = "Actor solutions per problem.", DefaultValueFactory = _ => 2 };
        var temperature = new Option<float>("--temperature") { Description = "Actor temperature for the solutions (mixes right and wrong ones).", DefaultValueFactory = _ => 0.8f };
        var criticMaxTokens = new Option<int>("--critic-max-tokens") { Description = "Most tokens per critique.", DefaultValueFactory = _ => 768 };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 3 };
        var refine = new Option<RefineMode>("--refine")
        {
            Description = "How the actor refines: Rewrite (the paper) or Resume (keep the steps before the critique's first wrong step; the baseline starts over).",
            DefaultValueFactory = _ => RefineMode.Rewrite,
        };
        var refineTemperature = new Option<float?>("--refine-temperature") { Description = "Actor temperature of the refinements (default: 0 for Rewrite, 0.8 for Resume)." };
        var data = new Option<FileInfo[]>("--data")
        {
            Description = "Step-labelled solutions to judge instead of the actor's: JSON Lines or a JSON array in ProcessBench's layout (id, problem, steps, label = index of the first wrong step or -1, final_answer_correct, optional generator and subset) or PRM800K's (question.problem, label.steps[].completions[].rating, chosen_completion). Several files allowed; a record's subset is its subset field, else its file's name. Reports ProcessBench's metrics by subset; the actor is not used.",
            AllowMultipleArgumentsPerToken = true,
        };
        var criticPrompt = new Option<FileInfo?>("--critic-prompt")
        {
            Description = "The critic's prompt from a file: {problem}, {solution} (the steps one per line) or {steps} (each line \"Step k: ...\"), and {format} (the critique format's instructions) are filled in; the critic must answer in the paper's critique format. Whole solutions are critiqued at once.",
        };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 40);

        var command = new Command("critic-eval", "Measure a critic: verdict accuracy, wrong-solution precision/recall, first-error localisation, fix/break rates.")
        {
            actor, critic, output, samples, temperature, criticMaxTokens, seed, refine, refineTemperature, data, criticPrompt,
        };
        source.AddTo(command);
        var criticFlags = new CriticSamplingFlags();
        criticFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(data) is { Length: > 0 } files)
            {
                if (!source.IsLab(parse))
                    throw new ArgumentException("--data and --problems are two sources of solutions to judge: give one.");
                return await RunOnDataAsync(parse, files, cancellationToken);
            }
            if (!source.IsLab(parse))
                throw new ArgumentException("critic-eval needs exact labels, so it runs on lab problems (drop --problems).");
            var problems = await source.LoadAsync(parse, cancellationToken);
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var actorModel = await models.OpenAsync(parse.GetValue(actor)!, cancellationToken);
            using var criticModel = await models.OpenAsync(parse.GetValue(critic)!, cancellationToken);
            var prompts = source.Prompts(parse, criticModel.PromptSet);
            string promptsName = source.PromptSetName(parse, criticModel.PromptSet);
            if (parse.GetValue(criticPrompt) is { } promptFile)
                (prompts, promptsName) = ((await CriticPromptTemplate.ReadAsync(promptFile.FullName, cancellationToken)).Apply(prompts), $"{promptsName}, critic prompt {promptFile.Name}");
            Console.Error.WriteLine($"prompts: {promptsName}");
            var criticSampling = criticFlags.Sampling(parse, parse.GetValue(criticMaxTokens), criticModel);
            Console.Error.WriteLine($"critic tool: {CriticSamplingFlags.Describe(criticSampling)}");
            var options = new CriticEvalRunOptions
            {
                SamplesPerProblem = parse.GetValue(samples),
                SolutionSampling = new CriticEvalRunOptions().SolutionSampling with { Temperature = parse.GetValue(temperature) },
                Evaluation = new CriticEvalOptions
                {
                    Seed = parse.GetValue(seed),
                    CriticSampling = criticSampling,
                    CriticVotes = criticFlags.Votes(parse),
                    Refine = parse.GetValue(refine),
                    ActorSampling = new CriticEvalOptions().ActorSampling with
                    {
                        Temperature = parse.GetValue(refineTemperature) ?? (parse.GetValue(refine) == RefineMode.Resume ? 0.8f : 0f),
                    },
                },
            };
            var run = new CriticEvalRun(actorModel.Sampler, criticModel.Sampler, prompts, new LabStepChecker(), options);
            var report = await ProgressDisplay.RunAsync("critic-eval", display => run.RunAsync(problems, parse.GetValue(output)!.FullName,
                new SynchronousProgress<CriticEvalProgress>(p => display(p.Sampling.CompletionsDone, p.Sampling.CompletionsTotal, $"{Stage(p.Stage)}: {p.Sampling.TokensGenerated} tokens")),
                cancellationToken));
            AnsiConsole.WriteLine(report.ToMarkdown());
            return 0;
        });
        return command;

        // The critic alone, on labelled steps from files: no actor, no lab checker.
        async Task<int> RunOnDataAsync(ParseResult parse, FileInfo[] files, CancellationToken cancellationToken)
        {
            var promptFile = parse.GetValue(criticPrompt);
            var template = promptFile is null ? null : await CriticPromptTemplate.ReadAsync(promptFile.FullName, cancellationToken);
            var solutions = await StepLabeledDataReader.ReadAsync(files.Select(f => f.FullName).ToArray(), cancellationToken);
            if (solutions.Solutions.Count == 0)
                throw new InvalidDataException($"{string.Join(", ", files.Select(f => f.Name))}: no labelled solutions ({solutions.Skipped.Count} records left out).");
            Console.Error.WriteLine($"data: {solutions.Solutions.Count} solutions, {solutions.Solutions.Count(s => s.HasError)} with a wrong step"
                + (solutions.Skipped.Count > 0 ? $"; {solutions.Skipped.Count} records left out (first: {solutions.Skipped[0]})" : ""));
            using var criticModel = await CommandModels.OpenAsync(parse, parse.GetValue(critic)!, cancellationToken);
            // Data from outside the lab: the paper's prompts unless the critic declares its own or --prompts says.
            string declared = criticModel.PromptSet ?? PaperPrompts.Name;
            var prompts = source.Prompts(parse, declared);
            string promptsName = source.PromptSetName(parse, declared);
            if (template is not null)
                (prompts, promptsName) = (template.Apply(prompts), $"{promptFile!.Name} (sha256 {template.Hash})");
            var criticSampling = criticFlags.Sampling(parse, parse.GetValue(criticMaxTokens), criticModel);
            Console.Error.WriteLine($"prompts: {promptsName}; critic tool: {CriticSamplingFlags.Describe(criticSampling)}");
            var options = new StepLabelEvalOptions { CriticSampling = criticSampling, CriticVotes = criticFlags.Votes(parse), Seed = parse.GetValue(seed) };
            var config = new StepLabelRunConfig(criticModel.Identity, promptsName, files.Select(f => f.Name).ToArray(), solutions.Solutions.Count, options);
            var run = new StepLabelEvalRun(criticModel.Sampler, prompts, config) { Plots = StepLabelPlots.Save };
            var report = await ProgressDisplay.RunAsync("critic-eval", display => run.RunAsync(solutions, parse.GetValue(output)!.FullName,
                new SynchronousProgress<StepLabelEvalProgress>(p => display(p.SolutionsDone, p.SolutionsTotal, $"solutions; {p.Sampling.CompletionsDone}/{p.Sampling.CompletionsTotal} critic requests of this batch")),
                cancellationToken));
            AnsiConsole.WriteLine(report.ToTable());
            AnsiConsole.WriteLine($"mean F1 over subsets: {MathCritique.Reports.ReportFormat.Percent(report.MeanSubsetF1.Mean)}; report: {Path.Combine(parse.GetValue(output)!.FullName, StepLabelEvalRun.ReportFile)}");
            return 0;
        }
    }

    private static string Stage(CriticEvalStage stage) => stage == CriticEvalStage.Solutions ? "actor solutions" : "critiques and refinements";
}
