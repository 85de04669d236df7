using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Lab;
using MathCritique.Runs;
using MathCritique.Sampling;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique lab eval-check</c>: can the critic judge one step of a held-out solution?</summary>
internal static class LabEvalCheckCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "The critic: a model address (GGUF path, server address or profile name).", DefaultValueFactory = _ => ShippedModels.Critic };
        var perLevel = new Option<int>("--per-level") { Description = "Held-out problems per level, one cut solution each.", DefaultValueFactory = _ => 100 };
        var split = LabSplitOption.Create(LabSplit.Test);
        var levels = new Option<string>("--levels") { Description = "Levels, e.g. 1-5.", DefaultValueFactory = _ => "1-5" };
        var labSeed = new Option<int>("--lab-seed") { Description = "Seed of the lab problem generator.", DefaultValueFactory = _ => 2024 };
        var seed = new Option<int>("--seed") { Description = "Seed of the flawed solutions and the cut points.", DefaultValueFactory = _ => 3 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens of the critic's block (scan check lines are long).", DefaultValueFactory = _ => 600 };
        maxTokens.Validators.Add(r => { if (r.GetValue(maxTokens) < 1) r.AddError("--max-tokens must be >= 1"); });
        var tools = new CriticToolsFlag();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write records.jsonl and report.md.", DefaultValueFactory = _ => new DirectoryInfo("runs/check") };

        var command = new Command("eval-check", "Step-check accuracy: held-out solutions cut after a step, right or flawed; does the critic judge that step like the exact checker?")
        {
            model, perLevel, levels, split, labSeed, seed, maxTokens, output,
        };
        tools.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problemSet = new LabProblemSet(parse.GetValue(levels)!, parse.GetValue(perLevel), parse.GetSplit(split), parse.GetValue(labSeed));
            var problems = problemSet.Generate();
            using var critic = await CommandModels.OpenAsync(parse, parse.GetValue(model)!, cancellationToken);
            var tool = tools.Tool(parse, critic);
            Console.Error.WriteLine($"critic tool: {CriticToolsFlag.Describe(tool)}");
            var evaluator = new LabStepCheckEvaluator(critic.Sampler, parse.GetValue(maxTokens), tool);
            var records = await ProgressDisplay.RunAsync("eval-check", report => evaluator.EvaluateAsync(problems, parse.GetValue(seed),
                new SynchronousProgress<SamplingProgress>(p => report(p.CompletionsDone, p.CompletionsTotal, $"{p.TokensGenerated} tokens")), cancellationToken));
            var table = LabStepCheckEvaluator.ToMarkdown(LabStepCheckEvaluator.Summarize(records))
                + "\n## Check-line marks\n\n" + LabStepCheckEvaluator.MarksToMarkdown(LabStepCheckEvaluator.CountMarks(records));
            await LabEvalRun.WriteAsync(parse.GetValue(output)!, records, $"Lab step check: {parse.GetValue(model)} (tool: {CriticToolsFlag.Describe(tool)}), {problemSet.Describe()}", table, cancellationToken);
            return 0;
        });
        return command;
    }
}
