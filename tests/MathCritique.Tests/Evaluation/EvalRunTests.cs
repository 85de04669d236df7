using MathCritique.Critiques;
using MathCritique.Evaluation;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.Evaluation;

public sealed class EvalRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");

    private static readonly Problem[] Problems = Enumerable.Range(1, 6)
        .Select(i => new Problem($"p{i}", $"What is {i} + {i}?", (2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), Level: 1 + i % 2))
        .ToArray();

    // The actor gets odd-numbered problems wrong at first and right after a refinement; the critic is honest.
    private static ScriptedSampler Actor() => new("actor", (prompt, seed) =>
    {
        int i = int.Parse(prompt.Split("What is ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        bool right = prompt.StartsWith("REFINE", StringComparison.Ordinal) || i % 2 == 0 || seed % 3 == 0;
        return $"The answer is {(right ? 2 * i : 2 * i + 1)}.";
    });

    private static ScriptedSampler Critic() => new("critic", (prompt, _) =>
    {
        int i = int.Parse(prompt.Split("What is ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var verdict = prompt.EndsWith($"The answer is {2 * i}.", StringComparison.Ordinal) ? Verdict.Correct : Verdict.Wrong;
        return CritiqueFormatter.Format(new Critique([], verdict, ""));
    });

    private static CritiqueLoopOptions Loop => new() { Samples = 4, Rounds = 1, ProblemsPerBatch = 2 };

    private CritiqueLoopRunner Runner(ScriptedSampler actor) => new(actor, Critic(), Prompts, new MathGrader(), Loop, TestTimeStrategies.For(Loop));

    private static EvalRunConfig Config => new("actor", "critic", "test", Problems.Length, Loop);

    [Fact]
    public async Task An_interrupted_run_resumes_without_duplicates_or_losses()
    {
        var run = new EvalRun(_dir);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<EvalProgress>(p =>
        {
            if (p.ProblemsDone >= 2)
                cancel.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(Problems, Runner(Actor()), Config, progress, cancel.Token));
        int recordedBeforeResume = File.ReadAllLines(run.RecordsPath).Length;
        Assert.InRange(recordedBeforeResume, 2, 5);

        // Simulate a crash mid-write: a torn last line must be dropped, not fail the resume.
        await File.AppendAllTextAsync(run.RecordsPath, "{\"id\":\"p9\",\"gre");

        var actor = Actor();
        var records = await new EvalRun(_dir).RunAsync(Problems, Runner(actor), Config);
        Assert.Equal(Problems.Select(p => p.Id), records.Select(r => r.Id));
        var lines = File.ReadAllLines(run.RecordsPath);
        Assert.Equal(Problems.Length, lines.Length);
        Assert.Equal(Problems.Length - recordedBeforeResume, actor.Requests.Count(r => r.Messages[0].Text.StartsWith("SOLVE", StringComparison.Ordinal) && r.Options.Temperature == 0));
    }

    [Fact]
    public async Task A_resume_with_different_options_is_refused()
    {
        await new EvalRun(_dir).RunAsync(Problems[..2], Runner(Actor()), Config);
        var other = Config with { Loop = Loop with { Samples = 2 } };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EvalRun(_dir).RunAsync(Problems, Runner(Actor()), other));
        Assert.Contains("run.json", error.Message, StringComparison.Ordinal);
        // The message shows the first difference, as written in run.json.
        Assert.Contains("`\"samples\": 4,`", error.Message, StringComparison.Ordinal);
        Assert.Contains("`\"samples\": 2,`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_record_in_the_middle_names_the_file_and_line()
    {
        var run = new EvalRun(_dir);
        await run.RunAsync(Problems[..2], Runner(Actor()), Config);
        var lines = File.ReadAllLines(run.RecordsPath).ToList();
        lines.Insert(1, "{not json");
        await File.WriteAllLinesAsync(run.RecordsPath, lines);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync(Problems, Runner(Actor()), Config));
        Assert.Contains("records.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_reports_strategies_by_level_and_the_critic_helps_here()
    {
        var run = new EvalRun(_dir);
        var records = await run.RunAsync(Problems, Runner(Actor()), Config);
        var summary = EvalSummary.Build(records, new StrategyScorer(TestTimeStrategies.All, new MathGrader()));
        await run.WriteSummaryAsync(summary, "test run", [], ["a note"]);

        Assert.Equal(["1", "2"], summary.Levels);
        var greedy = summary.Find(StrategyNames.Greedy, 0)!;
        var refine = summary.Find(StrategyNames.CritiqueRefine, 1)!;
        Assert.Equal(0.5, greedy.Overall.Accuracy.Mean);
        Assert.Equal(1.0, refine.Overall.Accuracy.Mean);
        Assert.True(refine.Overall.CriticTokens > 0);
        Assert.NotNull(summary.Find(StrategyNames.CritiqueFilteredVote, 4));
        // Prompt tokens (the scripted models count characters): the samples repeat the greedy attempt's prompt, which a
        // prefix cache computes once.
        double solve = Problems.Average(p => Prompts.BuildSolve(p.Question).Length);
        Assert.Equal(new PromptTokenCount(solve, solve), greedy.Overall.ActorPrompt);
        Assert.Equal(new PromptTokenCount(4 * solve, 0), summary.Find(StrategyNames.MajorityVote, 4)!.Overall.ActorPrompt);
        Assert.True(refine.Overall.CriticPrompt.All > 0);

        var report = await File.ReadAllTextAsync(run.ReportPath);
        Assert.StartsWith("# test run", report, StringComparison.Ordinal);
        Assert.Contains("| level | problems | actor | critique→refine ×1 | maj@4 | critique-vote@4 |", report, StringComparison.Ordinal);
        Assert.Contains("| actor tokens | critic tokens | actor prompt tokens | critic prompt tokens | model calls |", report, StringComparison.Ordinal);
        Assert.Contains("\"strategy\": \"critique-refine\"", await File.ReadAllTextAsync(run.SummaryPath), StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public async Task The_pipeline_runs_summarises_and_writes_summary_report_and_plots_in_one_call()
    {
        var options = new EvalPipelineOptions
        {
            Actor = new MathCritique.Models.OpenedModel(Actor(), "actor@1"),
            Critic = new MathCritique.Models.OpenedModel(Critic(), "critic@1"),
            Prompts = Prompts,
            ProblemSource = "six sums",
            Directory = _dir,
            Loop = Loop,
            Title = "pipeline test",
            Plots = (summary, directory) =>
            {
                File.WriteAllText(Path.Combine(directory, "plot.svg"), $"{summary.Problems}");
                return ["plot.svg"];
            },
        };
        var (run, records, summary) = await EvalPipeline.RunAsync(Problems, options);

        Assert.Equal(Problems.Select(p => p.Id), records.Select(r => r.Id));
        Assert.Equal(Problems.Length, summary.Problems);
        var report = File.ReadAllText(run.ReportPath);
        Assert.StartsWith("# pipeline test", report, StringComparison.Ordinal);
        Assert.Contains("plot.svg", report, StringComparison.Ordinal);
        Assert.Contains("6 problems from six sums; K = 4 samples", report, StringComparison.Ordinal);
        Assert.Contains("\"problems\": 6", File.ReadAllText(run.SummaryPath), StringComparison.Ordinal);
        Assert.Contains("critic@1", File.ReadAllText(run.ConfigPath), StringComparison.Ordinal);
        // The summary is that of the records, scored for every strategy.
        var rebuilt = EvalSummary.Build(records, new StrategyScorer(TestTimeStrategies.All, new MathGrader()));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(rebuilt, MathCritique.Runs.JsonFormat.Indented), File.ReadAllText(run.SummaryPath));
        // A different run in the same directory is refused.
        await Assert.ThrowsAsync<InvalidOperationException>(() => EvalPipeline.RunAsync(Problems, options with { Loop = Loop with { Samples = 2 } }));
    }
}
