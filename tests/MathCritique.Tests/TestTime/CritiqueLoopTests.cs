using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Tests.TestTime;

public class CritiqueLoopTests
{
    private static readonly PromptSet Prompts = new(
        q => $"SOLVE|{q}",
        (q, s) => $"CRITIQUE|{q}|{s}",
        (q, s, c) => $"REFINE|{q}|{s}|{c}");

    private static readonly MathGrader Grader = new();

    private static string CritiqueSaying(Verdict verdict) => CritiqueFormatter.Format(new Critique(
        [new StepVerdict(1, "step", verdict, "")], verdict, ""));

    /// <summary>Greedy answers 9 (wrong; reference is 10); samples answer 10 or 9 by seed; refinements answer 10.</summary>
    private static ScriptedSampler Actor(Func<string, string>? refine = null) => new("actor", (prompt, seed) =>
        prompt.StartsWith("REFINE", StringComparison.Ordinal) ? refine?.Invoke(prompt) ?? "5 + 5 = 10\nThe answer is 10."
        : seed % 2 == 0 ? "The answer is 10." : "The answer is 9.");

    private static ScriptedSampler Critic(Func<string, Verdict> judge) => new("critic", (prompt, _) => CritiqueSaying(judge(prompt)));

    private static Verdict HonestJudge(string prompt) => prompt.EndsWith("The answer is 9.", StringComparison.Ordinal) ? Verdict.Wrong : Verdict.Correct;

    private static readonly Problem Problem = new("p1", "What is 5 + 5?", "10", Level: 2);

    private static CritiqueLoopRunner Runner(ScriptedSampler actor, ScriptedSampler critic, CritiqueLoopOptions options) =>
        new(actor, critic, Prompts, Grader, options, TestTimeStrategies.For(options));

    private static async Task<ProblemRecord> RunAsync(ScriptedSampler actor, ScriptedSampler critic, int rounds = 2, int samples = 4)
    {
        var runner = Runner(actor, critic, new CritiqueLoopOptions { Rounds = rounds, Samples = samples, Seed = 3 });
        var records = new List<ProblemRecord>();
        await foreach (var r in runner.RunAsync([Problem]))
            records.Add(r);
        return Assert.Single(records);
    }

    [Fact]
    public async Task Critic_chain_refines_when_the_critic_says_wrong_and_stops_when_it_says_correct()
    {
        // Greedy uses the base seed 3 → odd → "9", wrong.
        var record = await RunAsync(Actor(), Critic(HonestJudge));
        Assert.False(record.Greedy.Correct);
        var chain = record.Chains[RefineVariant.Critic];
        Assert.Equal(2, chain.Count);
        Assert.True(chain[0].SaysWrong);
        Assert.True(chain[0].Refined!.Correct);
        Assert.False(chain[1].SaysWrong);
        Assert.Null(chain[1].Refined);
    }

    [Fact]
    public async Task Oracle_refines_only_wrong_answers_and_always_refines_every_round()
    {
        var record = await RunAsync(Actor(), Critic(HonestJudge));
        Assert.Single(record.Chains[RefineVariant.Oracle]);
        Assert.Equal(2, record.Chains[RefineVariant.Always].Count);
        Assert.All(record.Chains[RefineVariant.Always], s => Assert.NotNull(s.Refined));

        // The oracle chain stopped after round 1; at round 2 it is still scored, with its round-1 answer and compute,
        // so that every round's accuracy is over all problems.
        var oracle = new StrategyScorer(TestTimeStrategies.All, Grader).Score(record).Where(s => s.Strategy == StrategyNames.CritiqueRefineOracle).ToArray();
        Assert.Equal([1, 2], oracle.Select(s => s.Budget));
        Assert.Equal(oracle[0] with { Budget = 2 }, oracle[1]);
    }

    [Fact]
    public async Task A_critic_that_rejects_everything_makes_the_critic_chain_refine_right_answers()
    {
        var breaking = Actor(refine: _ => "The answer is 11.");
        var record = await RunAsync(breaking, Critic(_ => Verdict.Wrong), rounds: 1);
        var scores = new StrategyScorer(TestTimeStrategies.All, Grader).Score(record).ToArray();
        Assert.Equal(0, scores.Single(s => s.Strategy == StrategyNames.CritiqueRefine && s.Budget == 1).Score);
        // The oracle never touches a right answer, and greedy here is wrong, so it refines (to 11: still wrong).
        Assert.Equal(0, scores.Single(s => s.Strategy == StrategyNames.CritiqueRefineOracle).Score);
    }

    [Fact]
    public async Task Identical_requests_are_sent_once_and_each_phase_is_one_call()
    {
        var actor = Actor();
        var critic = Critic(HonestJudge);
        await RunAsync(actor, critic, rounds: 1, samples: 4);
        // Greedy critique is shared by the three chain variants (oracle included: greedy is wrong).
        Assert.Equal(2, actor.Calls); // solve phase, refine phase
        Assert.Equal(1, critic.Calls);
        Assert.Equal(actor.Requests.Count, actor.Requests.Select(r => (r.Messages[0].Text, r.Seed, r.Options)).Distinct().Count());
    }

    [Fact]
    public void Critique_filtered_vote_falls_back_to_all_samples_when_every_sample_is_rejected()
    {
        static SampledAttempt Sample(string answer, bool saysWrong) =>
            new(new Attempt($"The answer is {answer}.", answer, answer == "10", 5), new CritiqueStep("c", saysWrong, false, 3, null));
        var record = new ProblemRecord
        {
            Id = "p",
            Question = "q",
            Reference = "10",
            Greedy = new Attempt("The answer is 9.", "9", false, 5),
            Chains = new Dictionary<RefineVariant, IReadOnlyList<CritiqueStep>>(),
            Samples = [Sample("10", true), Sample("10", true), Sample("9", true)],
        };
        var scores = new StrategyScorer(TestTimeStrategies.All, Grader).Score(record).Where(s => s.Budget == 3).ToDictionary(s => s.Strategy);
        Assert.Equal(1, scores[StrategyNames.CritiqueFilteredVote].Score);
        Assert.Equal(1, scores[StrategyNames.MajorityVote].Score);

        // One accepted wrong sample outvotes two rejected right ones.
        var filtered = record with { Samples = [Sample("10", true), Sample("10", true), Sample("9", false)] };
        var filteredScores = new StrategyScorer(TestTimeStrategies.All, Grader).Score(filtered).Where(s => s.Budget == 3).ToDictionary(s => s.Strategy);
        Assert.Equal(0, filteredScores[StrategyNames.CritiqueFilteredVote].Score);
        Assert.Equal(1, filteredScores[StrategyNames.MajorityVote].Score);
        Assert.Equal(3 * 5, filteredScores[StrategyNames.MajorityVote].ActorTokens);
        Assert.Equal(3 * 3, filteredScores[StrategyNames.CritiqueFilteredVote].CriticTokens);
    }

    [Fact]
    public async Task Refine_then_vote_votes_over_refined_samples()
    {
        var record = await RunAsync(Actor(), Critic(HonestJudge), rounds: 0, samples: 4);
        var scores = new StrategyScorer(TestTimeStrategies.All, Grader).Score(record).ToArray();
        var refineVote = scores.Single(s => s.Strategy == StrategyNames.RefineThenVote && s.Budget == 4);
        Assert.Equal(1, refineVote.Score);
        Assert.All(record.Samples.Where(s => !s.Attempt.Correct), s => Assert.True(s.Critique!.Refined!.Correct));
        Assert.Empty(record.Chains[RefineVariant.Critic]);
    }

    private const string WrongAtStep2 = "2 + 2 = 4\n4 + 5 = 8\nThe answer is 8.";

    /// <summary>Judges the two-step solution: step 2 wrong when it says 8, every step right otherwise.</summary>
    private static ScriptedSampler StepCritic() => new("critic", (prompt, _) => prompt.Contains("= 8", StringComparison.Ordinal)
        ? CritiqueFormatter.Format(new Critique([new StepVerdict(1, "2 + 2 = 4", Verdict.Correct, ""), new StepVerdict(2, "4 + 5 = 8", Verdict.Wrong, "4 + 6 is 10.")], Verdict.Wrong, ""))
        : CritiqueSaying(Verdict.Correct));

    [Fact]
    public async Task Resume_keeps_the_steps_before_the_first_wrong_one_and_samples_the_rest_of_the_refinement()
    {
        // Solving or rewriting from scratch repeats the mistake; continuing after "2 + 2 = 4" gets it right.
        var actor = new ScriptedSampler("actor", (SamplingRequest request, ulong _) => request.AssistantPrefix switch
        {
            null => WrongAtStep2,
            "2 + 2 = 4\n" => "4 + 6 = 10\nThe answer is 10.",
            var other => throw new InvalidOperationException($"unexpected prefix {other}"),
        });
        var problem = Problem with { Question = "Two plus two, plus six?" };
        var options = new CritiqueLoopOptions { Rounds = 2, Samples = 0, Seed = 3, Refine = RefineMode.Resume };
        var records = new List<ProblemRecord>();
        await foreach (var r in Runner(actor, StepCritic(), options).RunAsync([problem]))
            records.Add(r);

        var chain = Assert.Single(records).Chains[RefineVariant.Critic];
        Assert.Equal("2 + 2 = 4\n4 + 6 = 10\nThe answer is 10.", chain[0].Refined!.Text);
        Assert.True(chain[0].Refined!.Correct);
        Assert.False(chain[1].SaysWrong);
        var resumed = actor.Requests.Where(r => r.AssistantPrefix is not null).ToArray();
        Assert.NotEmpty(resumed);
        Assert.All(resumed, r =>
        {
            Assert.StartsWith($"REFINE|{problem.Question}|{WrongAtStep2}|", r.Messages[^1].Text, StringComparison.Ordinal);
            Assert.Contains("4 + 6 is 10.", r.Messages[^1].Text, StringComparison.Ordinal);
            Assert.Equal(options.ActorSampling.Temperature, r.Options.Temperature);
        });
    }

    [Fact]
    public async Task Resume_changes_its_seed_every_round_restarts_without_a_named_step_and_keeps_an_accepted_solution()
    {
        var actor = new ScriptedSampler("actor", (string _, ulong _) => WrongAtStep2);
        var options = new CritiqueLoopOptions { Rounds = 3, Samples = 0, Seed = 3, Refine = RefineMode.Resume, Variants = [RefineVariant.Critic, RefineVariant.Always] };
        var records = new List<ProblemRecord>();
        await foreach (var r in Runner(actor, StepCritic(), options).RunAsync([Problem]))
            records.Add(r);

        // The critic keeps rejecting step 2, so every round continues after step 1, each with a seed of its own.
        var continuations = actor.Requests.Where(r => r.AssistantPrefix == "2 + 2 = 4\n").ToArray();
        Assert.Equal(3, continuations.Length);
        Assert.Equal(3, continuations.Select(r => r.Seed).Distinct().Count());

        // A critique that rejects the solution without naming a step restarts it; one that accepts it leaves it alone.
        var unplaced = new ScriptedSampler("critic", (string _, ulong _) => CritiqueFormatter.Format(new Critique(
            [new StepVerdict(1, "2 + 2 = 4", Verdict.Correct, "")], Verdict.Wrong, "")));
        var restarted = new ScriptedSampler("actor", (string _, ulong _) => WrongAtStep2);
        await foreach (var _ in Runner(restarted, unplaced, options with { Rounds = 1 }).RunAsync([Problem])) { }
        var refinement = Assert.Single(restarted.Requests.Skip(1));
        Assert.Null(refinement.AssistantPrefix);
        Assert.StartsWith("REFINE|", refinement.Messages[^1].Text, StringComparison.Ordinal);

        var accepting = new ScriptedSampler("critic", (string _, ulong _) => CritiqueSaying(Verdict.Correct));
        var untouched = new ScriptedSampler("actor", (string _, ulong _) => WrongAtStep2);
        ProblemRecord? record = null;
        await foreach (var r in Runner(untouched, accepting, options with { Rounds = 1 }).RunAsync([Problem]))
            record = r;
        Assert.Single(untouched.Requests);
        Assert.Equal(WrongAtStep2, record!.Chains[RefineVariant.Always][0].Refined!.Text);
    }

    [Fact]
    public async Task With_several_candidates_the_critic_picks_the_refinement_it_accepts_and_is_not_asked_again()
    {
        // Of the continuations after "2 + 2 = 4", only the third is right.
        int continued = 0;
        var actor = new ScriptedSampler("actor", (SamplingRequest request, ulong _) => request.AssistantPrefix is null ? WrongAtStep2
            : ++continued == 3 ? "4 + 6 = 10\nThe answer is 10." : "4 + 5 = 8\nThe answer is 8.");
        var critic = StepCritic();
        var options = new CritiqueLoopOptions { Rounds = 2, Samples = 0, Seed = 3, Refine = RefineMode.Resume, RefineCandidates = 4, Variants = [RefineVariant.Critic] };
        ProblemRecord? record = null;
        await foreach (var r in Runner(actor, critic, options).RunAsync([Problem with { Question = "Two plus two, plus six?" }]))
            record = r;

        var chain = record!.Chains[RefineVariant.Critic];
        Assert.True(chain[0].Refined!.Correct);
        Assert.Equal(4, chain[0].ActorCalls);
        // Critic calls: this round's critique, and the two distinct candidates (the three wrong ones are the same text).
        Assert.Equal(1 + 2, chain[0].CriticCalls);
        Assert.Equal(4, actor.Requests.Count(r => r.AssistantPrefix is not null));
        Assert.Equal(4, actor.Requests.Where(r => r.AssistantPrefix is not null).Select(r => r.Seed).Distinct().Count());
        // Round 2 reuses the chosen candidate's critique: it accepts, costs nothing, and stops the chain.
        Assert.False(chain[1].SaysWrong);
        Assert.Equal((0, 0), (chain[1].CriticCalls, chain[1].Tokens));
        Assert.Equal(1 + 2, critic.Requests.Count);

        var final = new StrategyScorer(TestTimeStrategies.All, Grader).Score(record).Single(s => s.Strategy == StrategyNames.CritiqueRefine && s.Budget == 2);
        Assert.Equal(1, final.Score);
        Assert.Equal(1 + (1 + 2) + 4, final.Calls);
        Assert.Throws<ArgumentException>(() => (options with { Refine = RefineMode.Rewrite }).Validate());
    }
}
