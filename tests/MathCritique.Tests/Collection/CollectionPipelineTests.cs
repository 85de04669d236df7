using System.Globalization;
using System.Text.Json.Nodes;
using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.Collection;

public sealed class CollectionPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-collect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");
    private static readonly MathGrader Grader = new();

    // Problems "a + b + c": the right solution has two steps and a final line.
    private static Problem MakeProblem(int i) => new($"p{i}", $"{i} + 1 + 2", (i + 3).ToString(CultureInfo.InvariantCulture), Level: 1 + i % 3);
    private static readonly Problem[] Problems = Enumerable.Range(1, 5).Select(MakeProblem).ToArray();

    private static int First(string question) => int.Parse(question.Split(' ')[0], CultureInfo.InvariantCulture);

    private static string RightSolution(int a) => $"{a} + 1 = {a + 1}\n{a + 1} + 2 = {a + 3}\nThe answer is {a + 3}.";

    /// <summary>
    /// Greedy is right; sampling (temperature > 0) is wrong at the last step for odd seeds; a continuation
    /// of a prefix copies the prefix's last number forward; refinements are right when the critique says Wrong.
    /// </summary>
    private static ScriptedSampler Actor() => new("actor", (SamplingRequest request, ulong seed) =>
    {
        var prompt = request.Messages[^1].Text;
        int a = First(prompt.Split('|')[1]);
        if (prompt.StartsWith("REFINE", StringComparison.Ordinal))
            return prompt.Contains("Correctness of the final answer: Wrong", StringComparison.Ordinal) || prompt.Contains($"The answer is {a + 3}.", StringComparison.Ordinal)
                ? RightSolution(a) : "The answer is 0.";
        if (request.AssistantPrefix is { } prefix)
            return request.Options.Temperature > 0 ? $"{a + 1} + 2 = {a + 4}\nThe answer is {a + 4}." : $"The answer is {prefix.Split(' ', '\n').Last(w => w.Length > 0)}.";
        return request.Options.Temperature > 0 && seed % 2 == 1 ? $"{a} + 1 = {a + 1}\n{a + 1} + 2 = {a + 2}\nThe answer is {a + 2}." : RightSolution(a);
    });

    /// <summary>Marks a solution wrong when its answer line is not a+3 (it gets the reference answer).</summary>
    private sealed class ReferenceAnnotator : ICritiqueAnnotator
    {
        public string Name => "reference-check";
        public int Calls { get; private set; }

        public Task<IReadOnlyList<string>> AnnotateAsync(IReadOnlyList<CandidateSolution> candidates, CancellationToken cancellationToken)
        {
            Calls++;
            IReadOnlyList<string> critiques = candidates.Select(c =>
            {
                var verdict = c.Solution.Contains($"The answer is {c.Problem.ReferenceAnswer}.", StringComparison.Ordinal) ? Verdict.Correct : Verdict.Wrong;
                return CritiqueFormatter.Format(new Critique([new StepVerdict(1, "x", verdict, "")], verdict, ""));
            }).ToArray();
            return Task.FromResult(critiques);
        }
    }

    /// <summary>RG3 mistake "off by one": adds 1 to the result of the step.</summary>
    private sealed class OffByOneInserter : IMistakeInserter
    {
        public IReadOnlyList<string> MistakeTypes => ["calculation error"];

        public Task<MistakeInsertion> InsertAsync(Problem problem, IReadOnlyList<string> steps, int stepIndex, string mistakeType, ulong seed, CancellationToken cancellationToken)
        {
            var step = steps[stepIndex - 1];
            int eq = step.LastIndexOf('=');
            return Task.FromResult(eq < 0 ? MistakeInsertion.Dropped("no computation")
                : MistakeInsertion.Made($"{step[..(eq + 1)]} {int.Parse(step[(eq + 1)..], CultureInfo.InvariantCulture) + 1}"));
        }
    }

    private static CollectionPipeline Pipeline(ScriptedSampler actor, ICritiqueAnnotator annotator, CollectionOptions options) => new(
        new SolutionConstructor(actor, Prompts, Grader, options.Construction, new OffByOneInserter()),
        annotator,
        new MonteCarloFilter(actor, Prompts, Grader, options.Filter),
        options);

    private static CollectionOptions Options => new()
    {
        Construction = new ConstructionOptions { Rg1Samples = 4, Rg2Samples = 2, Rg3Samples = 2, Seed = 5 },
        Filter = new MonteCarloFilterOptions { Refinements = 3, MinCorrect = 2 },
        ProblemsPerBatch = 2,
    };

    [Fact]
    public async Task Each_construction_method_produces_tagged_candidates()
    {
        var (candidates, dropped) = await new SolutionConstructor(Actor(), Prompts, Grader, Options.Construction, new OffByOneInserter())
            .BuildAsync(Problems[..1], null, CancellationToken.None);
        var rg1 = candidates.Where(c => c.Method == ConstructionMethod.Rg1Sampling).ToArray();
        Assert.Equal(4, rg1.Length);
        Assert.Equal([0, 1, 2, 3], rg1.Select(c => c.Index));
        Assert.All(candidates, c => Assert.Equal(c.Correct, c.Solution.EndsWith("The answer is 4.", StringComparison.Ordinal)));

        // RG2 keeps only wrong continuations, each tagged with the step it resampled from.
        var rg2 = candidates.Where(c => c.Method == ConstructionMethod.Rg2ResampleFromStep).ToArray();
        Assert.NotEmpty(rg2);
        Assert.All(rg2, c => Assert.False(c.Correct));
        Assert.All(rg2, c => Assert.InRange(c.ErrorStep!.Value, 1, 3));

        // RG3 rewrote step k with the named mistake and continued greedily from it.
        var rg3 = candidates.Where(c => c.Method == ConstructionMethod.Rg3InsertedMistake).ToArray();
        Assert.NotEmpty(rg3);
        Assert.All(rg3, c => Assert.Equal("calculation error", c.ErrorType));
        Assert.All(rg3, c => Assert.False(c.Correct));
        Assert.All(rg3, c => Assert.True(c.BaseCorrect));
        // An RG3 attempt that made no candidate is a drop with its reason (the answer line has no '=' to change).
        Assert.Equal(Options.Construction.Rg3Samples, rg3.Length + dropped.Count);
        Assert.All(dropped, d => Assert.Equal("no computation", d.Reason));
    }

    [Fact]
    public async Task The_filter_keeps_a_critique_only_when_k_of_n_refinements_are_right()
    {
        var records = await Pipeline(Actor(), new ReferenceAnnotator(), Options).RunAsync(Problems, _dir);
        Assert.All(records, r => Assert.Equal(3, r.RefinementSamples));
        Assert.All(records, r => Assert.Equal(r.RefinementCorrect >= 2, r.Kept));
        // Wrong solutions critiqued "Wrong" get fixed; right ones critiqued "Correct" stay right: all kept.
        Assert.All(records, r => Assert.True(r.Kept));
        Assert.All(records, r => Assert.Equal(r.SolutionCorrect ? Verdict.Correct : Verdict.Wrong, r.FinalVerdict));

        var filter = new MonteCarloFilter(Actor(), Prompts, Grader, new MonteCarloFilterOptions { Refinements = 4, MinCorrect = 3 });
        Assert.False(filter.Keep(2));
        Assert.True(filter.Keep(3));
    }

    [Fact]
    public async Task A_lying_critique_is_dropped()
    {
        var liar = new ScriptedSampler("liar", (string _, ulong _) => CritiqueFormatter.Format(new Critique([], Verdict.Correct, "")));
        var records = await Pipeline(Actor(), new ModelAnnotator(liar), Options).RunAsync(Problems[..2], _dir);
        Assert.All(records.Where(r => !r.SolutionCorrect), r => Assert.False(r.Kept));
        Assert.All(records.Where(r => r.SolutionCorrect), r => Assert.True(r.Kept));
        Assert.Equal("liar", records[0].Annotator);
    }

    [Fact]
    public async Task An_interrupted_collection_resumes_without_duplicates_or_losses()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Inline<CollectionProgress>(p =>
        {
            if (p.ProblemsDone >= 2)
                cancel.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline(Actor(), new ReferenceAnnotator(), Options).RunAsync(Problems, _dir, progress, cancel.Token));

        // Simulate a crash after some records of the next batch were written but before it was marked done.
        var recordsPath = Path.Combine(_dir, CollectionPipeline.RecordsFile);
        var partial = File.ReadAllLines(recordsPath)[0].Replace("\"problem_id\":\"p1\"", "\"problem_id\":\"p3\"", StringComparison.Ordinal);
        await File.AppendAllLinesAsync(recordsPath, [partial]);

        var annotator = new ReferenceAnnotator();
        var records = await Pipeline(Actor(), annotator, Options).RunAsync(Problems, _dir);
        var fresh = await Pipeline(Actor(), new ReferenceAnnotator(), Options).RunAsync(Problems, Path.Combine(_dir, "fresh"));
        Assert.Equal(fresh.Select(r => r.Id).Order(), records.Select(r => r.Id).Order());
        Assert.Equal(records.Count, File.ReadAllLines(recordsPath).Length);
        Assert.Equal(2, annotator.Calls); // problems 3–4 and 5 only
    }

    [Fact]
    public async Task Exports_use_the_field_names_llama_factory_and_openai_expect()
    {
        var records = await Pipeline(Actor(), new ReferenceAnnotator(), Options).RunAsync(Problems[..2], _dir);
        var outDir = Path.Combine(_dir, "export");
        int count = await new CritiqueDatasetExporter(Prompts).ExportAsync(records, outDir);
        Assert.Equal(records.Count(r => r.Kept), count);

        var shareGpt = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, CritiqueDatasetExporter.ShareGptFile)))!.AsArray();
        Assert.Equal(count, shareGpt.Count);
        var turns = shareGpt[0]!["conversations"]!.AsArray();
        Assert.Equal("human", (string)turns[0]!["from"]!);
        Assert.Equal("gpt", (string)turns[1]!["from"]!);
        Assert.StartsWith("CRITIQUE|", (string)turns[0]!["value"]!, StringComparison.Ordinal);

        var alpaca = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, CritiqueDatasetExporter.AlpacaFile)))!.AsArray();
        Assert.Equal(["instruction", "input", "output"], alpaca[0]!.AsObject().Select(kv => kv.Key));

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, CritiqueDatasetExporter.DatasetInfoFile)))!.AsObject();
        Assert.Equal("sharegpt", (string)info["mathcritique_critic_sharegpt"]!["formatting"]!);
        Assert.Equal(CritiqueDatasetExporter.ShareGptFile, (string)info["mathcritique_critic_sharegpt"]!["file_name"]!);
        Assert.Equal("conversations", (string)info["mathcritique_critic_sharegpt"]!["columns"]!["messages"]!);
        Assert.Equal("output", (string)info["mathcritique_critic_alpaca"]!["columns"]!["response"]!);

        var openAi = File.ReadAllLines(Path.Combine(outDir, CritiqueDatasetExporter.OpenAiFile)).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(count, openAi.Length);
        Assert.Equal(["user", "assistant"], openAi[0]["messages"]!.AsArray().Select(m => (string)m!["role"]!));

        var stats = CollectionStats.From(records);
        Assert.Equal(records.Count, stats.Records);
        Assert.Equal(records.Count(r => r.Method == ConstructionMethod.Rg1Sampling), stats.ByMethod["Rg1Sampling"]);
        Assert.Contains("First wrong step", stats.ToMarkdown(), StringComparison.Ordinal);

        // Without refinements nothing was filtered: the summary must not report a 0% success rate.
        var unfiltered = CollectionStats.From([.. records.Select(r => r with { RefinementSamples = 0, RefinementSuccessRate = 0 })]);
        Assert.Null(unfiltered.MeanRefinementSuccessRate);
        Assert.Contains("not Monte-Carlo filtered", unfiltered.ToMarkdown(), StringComparison.Ordinal);
    }

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public async Task A_collection_run_checks_run_json_exports_and_writes_stats_in_one_call()
    {
        var actor = new MathCritique.Models.OpenedModel(Actor(), "actor@1");
        CollectionRunOptions Run(int rg1) => new()
        {
            Actor = actor,
            Annotator = new(new ReferenceAnnotator(), "reference", Settings: new { Strict = true }),
            Prompts = Prompts,
            ProblemSource = "five sums",
            Directory = _dir,
            Collection = Options with { Construction = Options.Construction with { Rg1Samples = rg1 } },
            MistakeInserter = new OffByOneInserter(),
        };
        var result = await CollectionRun.RunAsync(Problems, Run(4));

        Assert.Equal(result.Records.Count(r => r.Kept), result.Exported);
        Assert.Equal(File.ReadAllLines(Path.Combine(_dir, CritiqueDatasetExporter.SftFile)).Length, result.Exported);
        Assert.Equal(result.Stats.ToMarkdown(), File.ReadAllText(Path.Combine(_dir, CollectionRun.StatsFile)));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "run.json")))!;
        Assert.Equal("actor@1", (string?)manifest["actor"]);
        Assert.Equal("reference", (string?)manifest["annotator"]);
        Assert.Equal(5, (int?)manifest["problem_count"]);
        Assert.True((bool?)manifest["oracle"]!["strict"]);

        // The same run again adds nothing; a different one is refused before it writes anything.
        var again = await CollectionRun.RunAsync(Problems, Run(4));
        Assert.Equal(result.Records.Count, again.Records.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => CollectionRun.RunAsync(Problems, Run(3)));
        Assert.Equal(result.Records.Count, File.ReadAllLines(Path.Combine(_dir, CollectionPipeline.RecordsFile)).Length);
    }
}
