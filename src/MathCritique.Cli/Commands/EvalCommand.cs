using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Cli.Reports;
using MathCritique.Evaluation;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.SelfTalk;
using MathCritique.TestTime;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique eval</c>: problems × test-time strategies on an actor and a critic → a resumable run directory
/// with every sample, critique and refinement, summary.json, report.md and plots.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var actor = new Option<string>("--actor") { Description = "The actor (reasoning model): a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Actor };
        var critic = new Option<string>("--critic") { Description = "The critic (critique model): a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Critic };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Run directory (re-running with the same options resumes it).", DefaultValueFactory = _ => new DirectoryInfo("runs/eval") };
        var samples = new Option<int>("--samples", "-k") { Description = "Actor samples per problem (largest K of the voting curves).", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Sequential critique→refine rounds.", DefaultValueFactory = _ => 2 };
        var refine = new Option<RefineMode>("--refine")
        {
            Description = "How the actor refines what the critic rejects: Rewrite (the paper: a new solution given the critique) or Resume (keep the steps before the first wrong one, continue sampling from there).",
            DefaultValueFactory = _ => RefineMode.Rewrite,
        };
        var candidates = new Option<int>("--refine-candidates")
        {
            Description = "With --refine Resume: refinements sampled per round; the critic judges each and the chain keeps the best.",
            DefaultValueFactory = _ => 1,
        };
        var selfTalk = new Option<bool>("--selftalk-actor") { Description = "The actor writes self-talk (`selftalk train`): grade, vote on and critique its final attempt, never a retracted one." };
        var temperature = new Option<float>("--temperature") { Description = "Actor sampling temperature for the K samples.", DefaultValueFactory = _ => 0.8f };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per actor answer.", DefaultValueFactory = _ => 320 };
        var criticMaxTokens = new Option<int>("--critic-max-tokens") { Description = "Most tokens per critique.", DefaultValueFactory = _ => 640 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every sampling call.", DefaultValueFactory = _ => 1 };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 20);

        var command = new Command("eval", "Evaluate test-time strategies (actor alone, critique→refine, voting) and write a report.")
        {
            actor, critic, output, samples, rounds, refine, candidates, selfTalk, temperature, maxTokens, criticMaxTokens, seed,
        };
        source.AddTo(command);
        var criticFlags = new CriticSamplingFlags();
        criticFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = await source.LoadAsync(parse, cancellationToken);
            string actorPath = parse.GetValue(actor)!, criticPath = parse.GetValue(critic)!;
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var actorModel = await models.OpenAsync(actorPath, cancellationToken);
            using var criticModel = criticPath == actorPath ? null : await models.OpenAsync(criticPath, cancellationToken);
            var criticOpened = criticModel ?? actorModel;
            var options = new CritiqueLoopOptions
            {
                Samples = parse.GetValue(samples),
                Rounds = parse.GetValue(rounds),
                Refine = parse.GetValue(refine),
                RefineCandidates = parse.GetValue(candidates),
                ActorSampling = new() { Temperature = parse.GetValue(temperature), MaxTokens = parse.GetValue(maxTokens) },
                // The critic's GGUF may declare a tool (model tag --tool) that --critic-tools did not name.
                CriticSampling = criticFlags.Sampling(parse, parse.GetValue(criticMaxTokens), criticOpened),
                CriticVotes = criticFlags.Votes(parse),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            Console.Error.WriteLine($"critic tool: {CriticSamplingFlags.Describe(options.CriticSampling)}");
            var pipeline = new EvalPipelineOptions
            {
                Actor = parse.GetValue(selfTalk) ? SelfTalkActor(actorModel) : actorModel,
                Critic = criticOpened,
                Prompts = source.Prompts(parse, criticOpened.PromptSet),
                ProblemSource = source.Describe(parse, criticOpened.PromptSet),
                Directory = parse.GetValue(output)!.FullName,
                Loop = options,
                Title = $"MathCritique eval: {Path.GetFileName(actorPath)} + {Path.GetFileName(criticPath)}",
                Plots = EvalPlots.Save,
            };
            var (run, _, summary) = await ProgressDisplay.RunAsync("eval", report => EvalPipeline.RunAsync(problems, pipeline,
                new SynchronousProgress<EvalProgress>(p => report(p.ProblemsDone, p.ProblemsTotal,
                    $"{p.ProblemsDone}/{p.ProblemsTotal} problems, {p.Sampling.TokensGenerated} tokens in this call")), cancellationToken));
            AnsiConsole.WriteLine(MarkdownReport.HeadlineTable(summary));
            // Plain console lines: the console library would wrap them at its guess of the terminal width.
            Console.WriteLine($"Paired on the same {summary.Problems} problems:");
            Console.WriteLine(MarkdownReport.VoteComparisons(summary));
            AnsiConsole.MarkupLineInterpolated($"report: [link]{run.ReportPath}[/]");
            return 0;
        });
        return command;
    }

    /// <summary>The actor seen through its final attempts (<see cref="SelfTalkFinalAttemptSampler"/>), under an identity of its own.</summary>
    private static OpenedModel SelfTalkActor(OpenedModel actor) =>
        new(new SelfTalkFinalAttemptSampler(actor.Sampler), actor.Identity + SelfTalkFinalAttemptSampler.Suffix) { PromptSet = actor.PromptSet, InlineTools = actor.InlineTools };
}
