using MathCritique.Critiques;
using MathCritique.Evaluation;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Tests.TestTime;

/// <summary>Strategies added outside the library are generated for and scored without touching the runner or scorer.</summary>
public sealed class CustomStrategyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-strategy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");
    private static readonly MathGrader Grader = new();
    private static readonly Problem Problem = new("p1", "What is 5 + 5?", "10", Level: 2);

    /// <summary>The actor asked with a prompt of the strategy's own (as a self-talk actor would be), scored like greedy.</summary>
    private sealed class HintedStrategy : ITestTimeStrategy
    {
        public string Name => "hinted";
        public GenerationPlan Plan(CritiqueLoopOptions options) => new() { Attempts = [new AttemptPlan("hinted", q => $"HINT|{q}")] };
        public (string Strategy, int Budget)? BaselineAt(int budget) => (StrategyNames.Greedy, 0);
        public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring) =>
            record.Attempts?.GetValueOrDefault("hinted") is [var a] ? [new StrategyOutcome(Name, 1, a.Correct ? 1 : 0, a.Tokens, 0, 1)] : [];
    }

    /// <summary>Best of K by the critic: the first sample it accepts, else the one whose first wrong step comes latest.</summary>
    private sealed class CriticPicksStrategy : ITestTimeStrategy
    {
        public string Name => "critic-picks";
        public GenerationPlan Plan(CritiqueLoopOptions options) => new() { SampleCritiques = true };
        public (string Strategy, int Budget)? BaselineAt(int budget) => null;
        public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
        {
            if (record.Samples.Count == 0 || record.Samples.Any(s => s.Critique is null))
                yield break;
            var best = record.Samples.MaxBy(s => s.Critique!.Parsed.Critique is { RejectsSolution: false } ? int.MaxValue : s.Critique.Parsed.Critique.FirstWrongStep ?? 0)!;
            yield return new StrategyOutcome(Name, record.Samples.Count, best.Attempt.Correct ? 1 : 0,
                record.Samples.Sum(s => s.Attempt.Tokens), record.Samples.Sum(s => s.Critique!.Tokens), 2 * record.Samples.Count);
        }
    }

    // Solving answers 9 or 10 by seed, the hint always 10; the critic is honest.
    private static ScriptedSampler Actor() => new("actor", (prompt, seed) =>
        prompt.StartsWith("HINT", StringComparison.Ordinal) || seed % 2 == 0 ? "The answer is 10." : "The answer is 9.");

    private static ScriptedSampler Critic() => new("critic", (prompt, _) => CritiqueFormatter.Format(new Critique(
        [new StepVerdict(1, "step", prompt.EndsWith("10.", StringComparison.Ordinal) ? Verdict.Correct : Verdict.Wrong, "")], Verdict.Unknown, "")));

    private static async Task<ProblemRecord> RunAsync(ScriptedSampler actor, ScriptedSampler critic, CritiqueLoopOptions options, params ITestTimeStrategy[] strategies)
    {
        ProblemRecord? record = null;
        await foreach (var r in new CritiqueLoopRunner(actor, critic, Prompts, Grader, options, strategies).RunAsync([Problem]))
            record = r;
        return record!;
    }

    [Fact]
    public async Task A_strategy_with_a_prompt_of_its_own_is_generated_recorded_and_scored()
    {
        var actor = Actor();
        var critic = Critic();
        var options = new CritiqueLoopOptions { Samples = 4, Rounds = 2, Seed = 3 };
        var record = await RunAsync(actor, critic, options, new GreedyStrategy(), new HintedStrategy());

        // Only what the two strategies need: the greedy attempt and the hinted one, in one actor call; no samples,
        // chains or critiques, although the options allow them.
        Assert.Equal(["SOLVE|What is 5 + 5?", "HINT|What is 5 + 5?"], actor.Requests.Select(r => r.Messages[^1].Text));
        Assert.Equal(1, actor.Calls);
        Assert.Equal(0, critic.Calls);
        Assert.Empty(record.Samples);
        Assert.Empty(record.Chains);
        Assert.True(Assert.Single(record.Attempts!["hinted"]).Correct);

        // The record survives the run directory's file, and the summary compares the strategy with its baseline.
        var path = Path.Combine(_dir, "records.jsonl");
        await using (var store = await JsonlRecordStore<ProblemRecord>.OpenAsync(path))
            await store.AppendAsync(record);
        await using var reopened = await JsonlRecordStore<ProblemRecord>.OpenAsync(path);
        var readBack = Assert.Single(reopened.Existing);
        var summary = EvalSummary.Build([readBack], new StrategyScorer([new GreedyStrategy(), new HintedStrategy()], Grader));
        Assert.Equal(["actor-greedy", "hinted"], summary.Strategies.Select(s => s.Strategy));
        Assert.Equal(1, summary.Find("hinted", 1)!.Overall.Accuracy.Mean);
        var comparison = Assert.Single(summary.Comparisons);
        Assert.Equal(("hinted", StrategyNames.Greedy, 1), (comparison.Strategy, comparison.Baseline, comparison.Better));
    }

    [Fact]
    public async Task A_strategy_on_critiqued_samples_gets_them_without_refinements_or_chains()
    {
        var actor = Actor();
        var critic = Critic();
        var record = await RunAsync(actor, critic, new CritiqueLoopOptions { Samples = 4, Rounds = 2, Seed = 3 }, new CriticPicksStrategy());

        Assert.Equal(1, actor.Calls);
        Assert.Equal(1, critic.Calls);
        Assert.Equal(4, record.Samples.Count);
        Assert.All(record.Samples, s => Assert.Null(s.Critique!.Refined));
        Assert.Null(record.Attempts);
        var outcome = Assert.Single(new StrategyScorer([new CriticPicksStrategy()], Grader).Score(record));
        Assert.Equal(1, outcome.Score);
    }

    [Fact]
    public async Task An_attempt_key_that_records_would_rename_is_refused()
    {
        var snake = new AttemptPlan("selfTalk", q => q);
        Assert.Throws<ArgumentException>(() => snake.Validate());
        var strategy = new PlannedStrategy(new GenerationPlan { Attempts = [new AttemptPlan("Self_Talk", q => q)] });
        Assert.Throws<ArgumentException>(() => new CritiqueLoopRunner(Actor(), Critic(), Prompts, Grader, new CritiqueLoopOptions(), [strategy]));
        // A valid key goes through.
        var ok = await RunAsync(Actor(), Critic(), new CritiqueLoopOptions { Samples = 0 }, new PlannedStrategy(new GenerationPlan { Attempts = [new AttemptPlan("self_talk", q => $"HINT|{q}", Count: 2, Sampled: true)] }));
        Assert.Equal(2, ok.Attempts!["self_talk"].Count);
    }

    [Fact]
    public void Records_keep_the_file_format_of_earlier_runs_so_their_directories_resume()
    {
        var step = CritiqueStep.Of("Final answer correctness: Wrong", CritiqueParser.Parse("Final answer correctness: Wrong"), 3, new Attempt("t", "10", true, 2));
        var record = new ProblemRecord
        {
            Id = "p",
            Question = "q",
            Reference = "10",
            Greedy = new Attempt("t", "10", true, 2),
            Chains = new Dictionary<RefineVariant, IReadOnlyList<CritiqueStep>> { [RefineVariant.Critic] = [step] },
            Samples = [],
        };
        Assert.Equal(
            """{"id":"p","question":"q","reference":"10","greedy":{"text":"t","answer":"10","correct":true,"tokens":2},"chains":{"critic":[{"critique":"Final answer correctness: Wrong","says_wrong":true,"parse_failed":false,"tokens":3,"refined":{"text":"t","answer":"10","correct":true,"tokens":2},"critic_calls":1,"actor_calls":1}]},"samples":[]}""",
            System.Text.Json.JsonSerializer.Serialize(record, JsonFormat.Compact));
    }

    [Fact]
    public void Prompt_tokens_are_written_once_counted_and_read_as_none_from_earlier_records()
    {
        var counted = new Attempt("t", "10", true, 2) { PromptTokens = 9, SharedPrefixTokens = 4 };
        var json = System.Text.Json.JsonSerializer.Serialize(counted, JsonFormat.Compact);
        Assert.Equal("""{"text":"t","answer":"10","correct":true,"tokens":2,"prompt_tokens":9,"shared_prefix_tokens":4}""", json);
        Assert.Equal(counted, System.Text.Json.JsonSerializer.Deserialize<Attempt>(json, JsonFormat.Compact));
        var earlier = System.Text.Json.JsonSerializer.Deserialize<CritiqueStep>(
            """{"critique":"x","says_wrong":false,"parse_failed":false,"tokens":3,"critic_calls":1,"actor_calls":1}""", JsonFormat.Compact)!;
        Assert.Equal((0, 0, 1), (earlier.PromptTokens, earlier.SharedPrefixTokens, earlier.CriticCalls));
    }

    private sealed class PlannedStrategy(GenerationPlan plan) : ITestTimeStrategy
    {
        public string Name => "planned";
        public GenerationPlan Plan(CritiqueLoopOptions options) => plan;
        public (string Strategy, int Budget)? BaselineAt(int budget) => null;
        public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring) => [];
    }
}
