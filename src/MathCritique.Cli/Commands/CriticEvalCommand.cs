using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.CriticEvaluation;
using MathCritique.Lab;
using MathCritique.Prompts;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique critic-eval</c>: critique quality on held-out lab solutions with exact labels — the actor's own
/// sampled solutions, labeled by the step checker — plus the closed-loop fix and break rates.
/// </summary>
internal static class CriticEvalCommand
{
    public static Command Create()
    {
        var actor = new Option<string>("--actor") { Description = "The actor that writes the solutions and the refinements: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Actor };
        var critic = new Option<string>("--critic") { Description = "The critic under test: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Critic };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write judgements.jsonl, metrics.json and metrics.md.", DefaultValueFactory = _ => new DirectoryInfo("runs/critic-eval") };
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
        var source = ProblemSourceOptions.Create(defaultPerLevel: 40);

        var command = new Command("critic-eval", "Measure a critic: verdict accuracy, wrong-solution precision/recall, first-error localisation, fix/break rates.")
        {
            actor, critic, output, samples, temperature, criticMaxTokens, seed, refine, refineTemperature,
        };
        source.AddTo(command);
        var criticFlags = new CriticSamplingFlags();
        criticFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!source.IsLab(parse))
                throw new ArgumentException("critic-eval needs exact labels, so it runs on lab problems (drop --problems).");
            var problems = await source.LoadAsync(parse, cancellationToken);
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var actorModel = await models.OpenAsync(parse.GetValue(actor)!, cancellationToken);
            using var criticModel = await models.OpenAsync(parse.GetValue(critic)!, cancellationToken);
            var prompts = source.Prompts(parse, criticModel.PromptSet);
            Console.Error.WriteLine($"prompts: {source.PromptSetName(parse, criticModel.PromptSet)}");
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
                new Progress<CriticEvalProgress>(p => display(p.Sampling.CompletionsDone, p.Sampling.CompletionsTotal, $"{Stage(p.Stage)}: {p.Sampling.TokensGenerated} tokens")),
                cancellationToken));
            AnsiConsole.WriteLine(report.ToMarkdown());
            return 0;
        });
        return command;
    }

    private static string Stage(CriticEvalStage stage) => stage == CriticEvalStage.Solutions ? "actor solutions" : "critiques and refinements";
}
