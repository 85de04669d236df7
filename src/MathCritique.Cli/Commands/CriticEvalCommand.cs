using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MathCritique.Cli.Hosting;
using MathCritique.CriticEvaluation;
using MathCritique.Evaluation;
using MathCritique.Grading;
using MathCritique.Lab;
using MathCritique.Sampling;
using MathCritique.TestTime;
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
        var actor = new Option<string>("--actor") { Description = "The actor that writes the solutions and the refinements: a GGUF path.", DefaultValueFactory = _ => ShippedModels.Actor };
        var critic = new Option<string>("--critic") { Description = "The critic under test: a GGUF path.", DefaultValueFactory = _ => ShippedModels.Critic };
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
            var grader = new MathGrader();
            using var actorModel = await CommandModels.OpenAsync(parse, parse.GetValue(actor)!, cancellationToken);
            using var criticModel = await CommandModels.OpenAsync(parse, parse.GetValue(critic)!, cancellationToken);
            var prompts = source.Prompts(parse, criticModel.PromptSet);
            Console.Error.WriteLine($"prompts: {source.PromptSetName(parse, criticModel.PromptSet)}");
            var criticSampling = criticFlags.Sampling(parse, parse.GetValue(criticMaxTokens), criticModel);
            Console.Error.WriteLine($"critic tool: {CriticSamplingFlags.Describe(criticSampling)}");
            var checker = new LabStepChecker();

            // The solutions to judge: the actor's own samples, labeled exactly.
            var sampling = new SamplingOptions { Temperature = parse.GetValue(temperature), MaxTokens = 320 };
            var requests = problems.Select(p => new SamplingRequest
            {
                Messages = [new(Microsoft.Extensions.AI.ChatRole.User, prompts.BuildSolve(p.Question))],
                N = parse.GetValue(samples),
                Options = sampling,
                Seed = parse.GetValue(seed),
            }).ToArray();
            var solved = await ProgressDisplay.RunAsync("actor solutions", report => actorModel.Sampler.SampleAsync(requests,
                new Progress<SamplingProgress>(p => report(p.CompletionsDone, p.CompletionsTotal, $"{p.TokensGenerated} tokens")), cancellationToken));
            var labeled = problems.Zip(solved).SelectMany(x => x.Second.Completions.Select(c =>
            {
                var check = checker.Check(x.First, c.Text);
                return new LabeledSolution(x.First, c.Text, check.IsCorrect, check.FirstWrongStep);
            })).ToArray();

            var evaluator = new CriticEvaluator(criticModel.Sampler, actorModel.Sampler, prompts, grader, new CriticEvalOptions
            {
                Seed = parse.GetValue(seed),
                CriticSampling = criticSampling,
                CriticVotes = criticFlags.Votes(parse),
                Refine = parse.GetValue(refine),
                ActorSampling = new CriticEvalOptions().ActorSampling with
                {
                    Temperature = parse.GetValue(refineTemperature) ?? (parse.GetValue(refine) == RefineMode.Resume ? 0.8f : 0f),
                },
            });
            var judgements = await ProgressDisplay.RunAsync("critiques and refinements", report => evaluator.EvaluateAsync(labeled,
                new Progress<SamplingProgress>(p => report(p.CompletionsDone, p.CompletionsTotal, $"{p.TokensGenerated} tokens")), cancellationToken));

            var directory = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(directory);
            await File.WriteAllLinesAsync(Path.Combine(directory, "judgements.jsonl"), judgements.Select(j => JsonSerializer.Serialize(j, JsonFormat.Compact)), cancellationToken);
            var overall = CriticMetrics.From(judgements);
            var byLevel = judgements.GroupBy(j => j.Level).OrderBy(g => g.Key).ToDictionary(g => g.Key?.ToString(CultureInfo.InvariantCulture) ?? "unknown", g => CriticMetrics.From(g.ToArray()));
            await File.WriteAllTextAsync(Path.Combine(directory, "metrics.json"), JsonSerializer.Serialize(new { overall, byLevel }, JsonFormat.Indented), cancellationToken);
            var table = MetricsTable(overall, byLevel);
            await File.WriteAllTextAsync(Path.Combine(directory, "metrics.md"), table, cancellationToken);
            AnsiConsole.WriteLine(table);
            return 0;
        });
        return command;
    }

    public static string MetricsTable(CriticMetrics overall, IReadOnlyDictionary<string, CriticMetrics> byLevel)
    {
        static string P(double v) => MarkdownReport.Percent(v);
        var text = new StringBuilder();
        text.Append("| level | solutions | wrong | verdict acc. | wrong precision | wrong recall | first-error loc. | parse fail | fix rate | break rate | baseline fix |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (level, m) in byLevel.Append(new("**all**", overall)))
            text.Append(CultureInfo.InvariantCulture, $"| {level} | {m.Solutions} | {m.WrongSolutions} | {P(m.VerdictAccuracy)} | {P(m.WrongPrecision)} | {P(m.WrongRecall)} | {P(m.LocalizationAccuracy)} | {P(m.ParseFailureRate)} | {P(m.FixRate)} | {P(m.BreakRate)} | {P(m.BaselineFixRate)} |\n");
        return text.ToString();
    }
}
