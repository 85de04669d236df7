using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Lab;
using MathCritique.Runs;
using MathCritique.Sampling;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique lab eval-actor</c>: the lab actor's greedy accuracy by level and its refine skill with exact critiques.</summary>
internal static class LabEvalActorCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "The actor: a model address (GGUF path, server address or profile name).", DefaultValueFactory = _ => ShippedModels.Actor };
        var perLevel = new Option<int>("--per-level") { Description = "Held-out problems per level.", DefaultValueFactory = _ => 500 };
        var split = LabSplitOption.Create(LabSplit.Test);
        var levels = new Option<string>("--levels") { Description = "Levels, e.g. 1-5.", DefaultValueFactory = _ => "1-5" };
        var labSeed = new Option<int>("--lab-seed") { Description = "Seed of the lab problem generator.", DefaultValueFactory = _ => 2024 };
        var noRefine = new Option<bool>("--no-refine") { Description = "Only measure greedy accuracy." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write records.jsonl and report.md.", DefaultValueFactory = _ => new DirectoryInfo("runs/actor") };

        var command = new Command("eval-actor", "Greedy accuracy by level on held-out lab problems, and fix/break rates of refining with exact critiques.")
        {
            model, perLevel, levels, split, labSeed, noRefine, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problemSet = new LabProblemSet(parse.GetValue(levels)!, parse.GetValue(perLevel), parse.GetSplit(split), parse.GetValue(labSeed));
            var problems = problemSet.Generate();
            using var actor = await CommandModels.OpenAsync(parse, parse.GetValue(model)!, cancellationToken);
            var evaluator = new LabActorEvaluator(actor.Sampler, LabPrompts.Create());
            var records = await ProgressDisplay.RunAsync("eval-actor", report => evaluator.EvaluateAsync(problems, !parse.GetValue(noRefine),
                new SynchronousProgress<SamplingProgress>(p => report(p.CompletionsDone, p.CompletionsTotal, $"{p.TokensGenerated} tokens")), cancellationToken));
            var table = LabActorEvaluator.ToMarkdown(LabActorEvaluator.Summarize(records));
            await LabEvalRun.WriteAsync(parse.GetValue(output)!, records, $"Lab actor: {parse.GetValue(model)}, {problemSet.Describe()}", table, cancellationToken);
            return 0;
        });
        return command;
    }
}
