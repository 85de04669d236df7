using System.Text.Json;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Training;
using MathCritique.Models;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.SelfImprovement;

namespace MathCritique.LlamaCpp.Tests.SelfImprovement;

/// <summary>
/// The self-improvement loop end to end on the shipped lab actor and whole-critique critic (real engine, real trainer,
/// exact step checker), at a size that runs in seconds: one uninterrupted run is the reference every test reads.
/// </summary>
public sealed class SelfImprovementPipelineTests(SelfImprovementPipelineTests.ReferenceRun reference) : IClassFixture<SelfImprovementPipelineTests.ReferenceRun>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-improve-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LabSelfImprovementSet Problems = new("2-3", 1, "1-3", 1, SeedPerLevel: 2);
    private static readonly IReadOnlyList<Problem> Train = Problems.Train();
    private static readonly IReadOnlyList<Problem> HeldOut = Problems.HeldOut();

    private static readonly SelfImprovementOptions Loop = new()
    {
        Iterations = 2,
        Samples = 2,
        Refinements = 2,
        ActorSampling = new() { Temperature = 0.7f, MaxTokens = 200 },
        CriticSampling = new() { Temperature = 0f, MaxTokens = 400 },
        Hyperparameters = new() { Epochs = 1, BatchSize = 4, LearningRate = 5e-4f, WarmupSteps = 1 },
        ExamplesPerIteration = 8,
        ProblemsPerBatch = 1,
    };

    /// <summary>Runs the pipeline in <paramref name="directory"/>; the critic is opened per run, as a command does.</summary>
    private static async Task<SelfImprovementResult> RunAsync(string directory, IProgress<SelfImprovementProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var opener = new ModelOpener([new GgufModelProvider(new LlamaEngineOptions { Threads = 2 })]);
        using var critic = await opener.OpenAsync(RepositoryModels.PathOf("lab-critic.gguf"), cancellationToken);
        var prompts = LabPrompts.Create();
        var options = new SelfImprovementPipelineOptions
        {
            BaseCheckpoint = RepositoryModels.PathOf("lab-actor.gguf"),
            Critic = critic,
            Prompts = prompts,
            Opener = opener,
            FineTuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 2 }),
            Labeler = new LabStepChecker(),
            SeedExamples = Problems.SeedExamples(prompts),
            ProblemSource = Problems.Describe(),
            Directory = directory,
            Loop = Loop,
        };
        return await SelfImprovementPipeline.RunAsync(Train, HeldOut, options, progress, cancellationToken);
    }

    public sealed class ReferenceRun : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mc-improve-").FullName;
        public SelfImprovementResult Result { get; private set; } = null!;

        public async Task InitializeAsync() => Result = await RunAsync(Directory);

        public Task DisposeAsync()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            return Task.CompletedTask;
        }
    }

    private static IEnumerable<ProblemExploration> Explored(string run, SelfImprovementArm arm, int iteration) =>
        File.ReadAllLines(new IterationDirectory(run, arm, iteration).Exploration).Select(l => JsonSerializer.Deserialize<ProblemExploration>(l, JsonFormat.Compact)!);

    [Fact]
    public void Every_arm_gets_the_same_first_attempts_seeds_and_fine_tuning_steps()
    {
        var summary = reference.Result.Summary;
        foreach (int iteration in new[] { 1, 2 })
        {
            var arms = SelfImprovementArms.All.Select(a => summary.Find(a, iteration)!).ToArray();
            Assert.All(arms, s => Assert.Equal(arms[0].Training!.Steps, s.Training!.Steps));
            Assert.All(arms, s => Assert.Equal(Loop.ExamplesPerIteration, s.TrainingSet!.Trained));
            Assert.Equal(2, arms[0].Training!.Steps);
            var critique = summary.Find(SelfImprovementArm.Critique, iteration)!;
            var vanilla = summary.Find(SelfImprovementArm.Vanilla, iteration)!;
            var matched = summary.Find(SelfImprovementArm.ComputeMatched, iteration)!;
            Assert.Equal(Loop.Samples * Train.Count, critique.Exploration!.FirstAttempts);
            Assert.Equal(Loop.Samples * Train.Count, vanilla.Exploration!.FirstAttempts);
            // Every wrong first attempt got one critique, the vanilla arms none.
            Assert.Equal(critique.Exploration.WrongSamples, critique.Exploration.Critiques);
            Assert.Equal(0, vanilla.Compute!.CriticCalls);
            // Compute-matched: more first attempts, until its tokens reach the critique arm's.
            Assert.True(matched.Compute!.GeneratedTokens >= critique.Compute!.GeneratedTokens || matched.Exploration!.Waves == Loop.MaxComputeMatchedWaves);
            Assert.True(matched.Exploration!.FirstAttempts > vanilla.Exploration.FirstAttempts);
        }
        // The first iteration's actors are all the base: their first attempts (same seeds) are the same.
        string Attempts(SelfImprovementArm arm) => string.Join('\n', Explored(reference.Directory, arm, 1).Where(e => e.Wave == 0)
            .OrderBy(e => e.Id, StringComparer.Ordinal).SelectMany(e => e.Samples).Select(s => s.Attempt.Text));
        Assert.Equal(Attempts(SelfImprovementArm.Vanilla), Attempts(SelfImprovementArm.Critique));
        Assert.Equal(Attempts(SelfImprovementArm.Vanilla), Attempts(SelfImprovementArm.ComputeMatched));
    }

    [Fact]
    public void Every_solution_has_a_filter_decision_and_the_report_is_rebuilt_from_the_records()
    {
        foreach (var arm in SelfImprovementArms.All)
        {
            var dir = new IterationDirectory(reference.Directory, arm, 1);
            int solutions = Explored(reference.Directory, arm, 1).SelectMany(e => e.Samples).Sum(s => 1 + s.Rounds.Sum(r => r.Refinements.Count));
            Assert.Equal(solutions, File.ReadAllLines(dir.Decisions).Length);
            Assert.True(File.Exists(dir.File("actor.gguf")));
            Assert.True(File.Exists(Path.Combine(dir.SftFolder, "dataset_info.json")));
        }
        var report = File.ReadAllText(reference.Result.ReportPath);
        Assert.Contains("| arm | iteration | level 1 | level 2 | level 3 | all | 95% CI |", report, StringComparison.Ordinal);
        Assert.Contains("| critique | 2 |", report, StringComparison.Ordinal);
        Assert.Contains("## Exploration", report, StringComparison.Ordinal);
        Assert.Contains("critique 1", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_stopped_mid_exploration_and_mid_fine_tune_resumes_to_the_same_result_and_refuses_other_settings()
    {
        // Stop once one problem of the critique arm's first exploration is recorded.
        using (var stop = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(_dir, new Sync(p =>
            {
                if (p is { Arm: "critique", Iteration: 1, Phase: "explore", Done: >= 1 })
                    stop.Cancel();
            }), stop.Token));
        }
        Assert.Single(Explored(_dir, SelfImprovementArm.Critique, 1));
        // Stop in the middle of the vanilla arm's second fine-tune.
        using (var stop = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(_dir, new Sync(p =>
            {
                if (p is { Arm: "vanilla", Iteration: 2, Phase: "train", Done: 1 })
                    stop.Cancel();
            }), stop.Token));
        }
        Assert.True(File.Exists(new IterationDirectory(_dir, SelfImprovementArm.Vanilla, 1).Summary));
        Assert.False(File.Exists(new IterationDirectory(_dir, SelfImprovementArm.Vanilla, 2).Training));

        var resumed = await RunAsync(_dir);
        foreach (var arm in SelfImprovementArms.All)
        {
            foreach (int iteration in new[] { 1, 2 })
            {
                var (a, b) = (new IterationDirectory(reference.Directory, arm, iteration), new IterationDirectory(_dir, arm, iteration));
                Assert.Equal(Sorted(a.Exploration), Sorted(b.Exploration));
                Assert.Equal(File.ReadAllLines(a.Decisions), File.ReadAllLines(b.Decisions));
                Assert.Equal(Sorted(a.Eval), Sorted(b.Eval));
                Assert.Equal(File.ReadAllBytes(a.File("actor.gguf")), File.ReadAllBytes(b.File("actor.gguf")));
            }
        }
        Assert.Equal(Timeless(reference.Result.Summary), Timeless(resumed.Summary));

        // The same directory with other settings: refused, naming the first difference.
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => SelfImprovementPipeline.RunAsync(Train, HeldOut, new SelfImprovementPipelineOptions
        {
            BaseCheckpoint = RepositoryModels.PathOf("lab-actor.gguf"),
            Prompts = LabPrompts.Create(),
            Opener = new ModelOpener([new GgufModelProvider(new LlamaEngineOptions { Threads = 2 })]),
            FineTuner = new LlamaFineTuner(),
            ProblemSource = Problems.Describe(),
            Directory = _dir,
            Loop = Loop with { Samples = 3 },
            Arms = [SelfImprovementArm.Vanilla],
        }));
        Assert.Contains("run.json", other.Message, StringComparison.Ordinal);
    }

    private static string[] Sorted(string path) => File.ReadAllLines(path).Order(StringComparer.Ordinal).ToArray();

    // The summary without wall times, which a resumed run measures afresh.
    private static string Timeless(SelfImprovementSummary summary) => JsonSerializer.Serialize(summary with
    {
        Iterations = summary.Iterations.Select(s => s with { Seconds = null, Training = s.Training is null ? null : s.Training with { Seconds = 0, Checkpoint = Path.GetFileName(s.Training.Checkpoint), StartedFrom = Path.GetFileName(s.Training.StartedFrom) } }).ToArray(),
    }, JsonFormat.Indented);

    private sealed class Sync(Action<SelfImprovementProgress> report) : IProgress<SelfImprovementProgress>
    {
        public void Report(SelfImprovementProgress value) => report(value);
    }
}
