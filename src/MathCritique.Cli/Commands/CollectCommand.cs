using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Collection;
using MathCritique.Lab;
using MathCritique.Runs;
using MathCritique.Sampling;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique collect</c>: AutoMathCritique — flawed solutions (RG1–RG3), step-level critiques from an
/// annotator, Monte-Carlo filtering — into a resumable dataset directory, then critic SFT exports and stats.
/// </summary>
internal static class CollectCommand
{
    public const string OracleAnnotator = "lab-oracle";

    public static Command Create()
    {
        var actor = new Option<string>("--actor") { Description = "The actor whose solutions are critiqued: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file).", DefaultValueFactory = _ => ShippedModels.Actor };
        var annotator = new Option<string>("--annotator") { Description = $"Who writes critiques: a model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file), or '{OracleAnnotator}' (exact, lab problems only).", DefaultValueFactory = _ => OracleAnnotator };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Dataset directory (re-running resumes it).", Required = true };
        var rg1 = new Option<int>("--rg1") { Description = "RG1: actor samples per problem.", DefaultValueFactory = _ => 4 };
        var rg2 = new Option<int>("--rg2") { Description = "RG2: resamples from a chosen step per problem.", DefaultValueFactory = _ => 2 };
        var rg3 = new Option<int>("--rg3") { Description = "RG3: inserted mistakes per problem (by --inserter; on lab problems without it, the lab corruptor).", DefaultValueFactory = _ => 2 };
        var inserter = new Option<string?>("--inserter") { Description = "RG3 by a model: it rewrites a step of the actor's greedy solution, when that solution is right, with a named mistake, and the actor continues from there. A model address (a GGUF path, http(s)://host:port/v1#model with optional ?settings, or a name from the model profile file)." };
        var mistakeTypes = new Option<string?>("--mistake-types") { Description = $"With --inserter: the mistakes it writes, comma-separated (default all: {string.Join(",", MistakeTypeNames.All.Select(t => MistakeTypeNames.Name(t).Replace(' ', '-')))})." };
        var mcN = new Option<int>("--mc-n") { Description = "Monte-Carlo filter: refinements per critique.", DefaultValueFactory = _ => 4 };
        var mcK = new Option<int>("--mc-k") { Description = "Monte-Carlo filter: keep a critique when at least this many refinements are right.", DefaultValueFactory = _ => 1 };
        var noFilter = new Option<bool>("--no-filter") { Description = "Keep every parsable critique (skip Monte-Carlo filtering)." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per actor answer.", DefaultValueFactory = _ => 320 };
        var checkLines = new Option<bool>("--check-lines") { Description = $"With '{OracleAnnotator}': write a working line before each step's verdict (operands given/earlier/new, the computation redone)." };
        var checkStyle = new Option<LabCheckStyle>("--check-style") { DefaultValueFactory = _ => LabCheckStyle.Marks, Description = "With --check-lines: Marks (one mark per operand), Scan (compare each operand with the numbers at hand in turn), ScanPairs (Scan with no decision a copy: `17 vs 4 no`, `27 + 15 makes 42 vs 41 not`, `before = 42; 41 vs 42 not last`) or ScanDigits (ScanPairs with sums, differences and products redone units first: `27 + 15 from right 24 makes 42 vs 41 not`)." };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1 };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 40, defaultSplit: LabSplit.Train);

        var command = new Command("collect", "AutoMathCritique: build flawed solutions, annotate step-level critiques, Monte-Carlo filter, export critic SFT data.")
        {
            actor, annotator, output, rg1, rg2, rg3, inserter, mistakeTypes, mcN, mcK, noFilter, maxTokens, checkLines, checkStyle, seed,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = await source.LoadAsync(parse, cancellationToken);
            var prompts = source.Prompts(parse);
            ulong runSeed = parse.GetValue(seed);
            string? inserterAddress = parse.GetValue(inserter);
            var types = parse.GetValue(mistakeTypes) is { } list
                ? inserterAddress is null ? throw new ArgumentException("--mistake-types: it says what --inserter writes; give --inserter too.") : ParseMistakeTypes(list)
                : MistakeTypeNames.All;
            var collection = new CollectionOptions
            {
                Construction = new ConstructionOptions
                {
                    Rg1Samples = parse.GetValue(rg1),
                    Rg2Samples = parse.GetValue(rg2),
                    Rg3Samples = parse.GetValue(rg3),
                    MaxTokens = parse.GetValue(maxTokens),
                    Seed = runSeed,
                    Rg3FromCorrectOnly = inserterAddress is not null,
                },
                Filter = new MonteCarloFilterOptions
                {
                    Refinements = parse.GetValue(mcN),
                    MinCorrect = parse.GetValue(mcK),
                    Seed = runSeed,
                    Sampling = new() { Temperature = 0.7f, MaxTokens = parse.GetValue(maxTokens) },
                },
                SkipFilter = parse.GetValue(noFilter),
            };
            collection.Validate();
            var models = await CommandModels.OpenerAsync(parse, engine: null, cancellationToken);
            using var actorModel = await models.OpenAsync(parse.GetValue(actor)!, cancellationToken);
            string annotatorName = parse.GetValue(annotator)!;
            using var annotatorModel = annotatorName == OracleAnnotator ? null : await models.OpenAsync(annotatorName, cancellationToken);
            using var inserterModel = inserterAddress is null ? null : await models.OpenAsync(inserterAddress, cancellationToken);
            var oracle = new LabOracleOptions { WriteChecks = parse.GetValue(checkLines), CheckStyle = parse.GetValue(checkStyle) };
            var options = new CollectionRunOptions
            {
                Actor = actorModel,
                Annotator = annotatorModel is null ? new(new LabOracleAnnotator(oracle), OracleAnnotator, oracle) : CollectionAnnotator.FromModel(annotatorModel, runSeed),
                Prompts = prompts,
                ProblemSource = source.Describe(parse),
                Directory = parse.GetValue(output)!.FullName,
                Collection = collection,
                MistakeInserter = inserterModel is not null
                    ? new ModelMistakeInserter(inserterModel.Sampler, types, new SamplingOptions { Temperature = 0.7f, MaxTokens = parse.GetValue(maxTokens) })
                    : source.IsLab(parse) ? new LabCorruptor() : null,
                MistakeInserterIdentity = inserterModel is null ? null : $"{inserterModel.Identity}: {string.Join(", ", types.Select(MistakeTypeNames.Name))}",
                SolutionLabeler = source.IsLab(parse) ? new LabStepChecker() : null,
            };
            var result = await ProgressDisplay.RunAsync("collect", report => CollectionRun.RunAsync(problems, options,
                new SynchronousProgress<CollectionProgress>(p => report(p.ProblemsDone, p.ProblemsTotal, $"{p.RecordsWritten} critiques, {p.RecordsKept} kept")), cancellationToken));
            AnsiConsole.WriteLine(result.Stats.ToMarkdown());
            AnsiConsole.MarkupLineInterpolated($"{result.Records.Count} critiques, {result.Exported} kept and exported to [link]{options.Directory}[/]");
            if (options.MistakeInserter is null && parse.GetValue(rg3) > 0)
                AnsiConsole.MarkupLine("No RG3 solutions: on a problems file they need --inserter MODEL.");
            return 0;
        });
        return command;
    }

    private static MistakeType[] ParseMistakeTypes(string list)
    {
        try
        {
            return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MistakeTypeNames.Parse).ToArray();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--mistake-types: {e.Message}", e);
        }
    }
}
