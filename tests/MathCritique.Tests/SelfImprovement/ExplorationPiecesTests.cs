using FsCheck.Xunit;
using MathCritique.Prompts;
using MathCritique.SelfImprovement;
using MathCritique.Training;

namespace MathCritique.Tests.SelfImprovement;

public sealed class ExplorationPiecesTests
{
    [Property]
    public bool Difficulty_aware_allocation_keeps_the_total_and_gives_every_problem_one(byte[] passRates, byte extra)
    {
        if (passRates.Length == 0)
            return true;
        var difficulties = passRates.Select(r => r / 255.0).ToArray();
        int total = difficulties.Length + extra;
        var allocation = DifficultyAllocation.Allocate(difficulties, total);
        return allocation.Sum() == total && allocation.All(a => a >= 1);
    }

    [Fact]
    public void Harder_problems_get_more_first_attempts_and_equal_ones_the_same()
    {
        var allocation = DifficultyAllocation.Allocate([0.0, 1.0, 0.5, 1.0], 16);
        Assert.Equal(16, allocation.Sum());
        Assert.True(allocation[1] > allocation[2] && allocation[2] > allocation[0]);
        Assert.Equal(allocation[1], allocation[3]);
        // Before a pass rate exists the level stands for difficulty.
        Assert.Equal(0.25, DifficultyAllocation.Difficulty(0.75, 5, 5));
        Assert.Equal(0.4, DifficultyAllocation.Difficulty(null, 2, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DifficultyAllocation.Allocate([0.5, 0.5], 1));
    }

    [Fact]
    public void Two_solutions_writing_the_same_computations_are_one_path_whatever_their_wording()
    {
        const string a = "He has 26 - 20 = 6 left.\nThen 6 - 5 = 1.\nThe answer is 1.";
        const string b = "First, 26-20 = 6 stickers remain.\nSo 6 - 5 = 1 sticker.\nThe answer is 1.";
        const string c = "He has 26 - 5 = 21 left.\nThen 21 - 20 = 1.\nThe answer is 1.";
        Assert.Equal("26-20=6;6-5=1", SolutionSignature.Computations(a));
        Assert.Equal(SolutionSignature.Computations(a), SolutionSignature.Computations(b));
        Assert.NotEqual(SolutionSignature.Computations(a), SolutionSignature.Computations(c));
        Assert.NotEqual(SolutionSignature.Text(a), SolutionSignature.Text(b));
        Assert.Equal(SolutionSignature.Text(a), SolutionSignature.Text(a.Replace(" ", "   ", StringComparison.Ordinal) + "\n"));
        Assert.Equal(7, SolutionSignature.NumberCount(a)); // 26 20 6 6 5 1 1
    }

    [Theory]
    [InlineData("Step 3: 14 - 1 = 13, and the answer should be 13.", "13", true)]
    [InlineData("Step 3: 113 is not right.", "13", false)]
    [InlineData("Step 3: 13.5 is not right.", "13", false)]
    [InlineData("Correctness of the final answer: Wrong", "13", false)]
    public void A_critique_states_the_answer_only_when_it_writes_that_number(string critique, string answer, bool states) =>
        Assert.Equal(states, Explorer.StatesAnswer(critique, answer));

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");

    private static readonly KeptSolution[] Kept =
    [
        new("p1", 1, "q1", "s1", SolutionSource.FirstAttempt),
        new("p2", 3, "q2", "s2", SolutionSource.Refinement, "wrong2", "critique2"),
    ];

    [Fact]
    public void The_training_set_mixes_what_the_options_say_and_is_cycled_to_a_fixed_size()
    {
        SftExample[] seed = [new("SOLVE|q0", "s0")];
        var set = SftSetBuilder.Build(Prompts, seed, Kept, [new("p3", 2, "q3", "s3", SolutionSource.FirstAttempt)],
            new SftMixOptions { EarlierIterations = true, CritiqueConditioned = true }, size: 12, shuffleSeed: 7);

        Assert.Equal(12, set.Examples.Count);
        Assert.Equal(5, set.Composition.Distinct);
        Assert.Equal(12, set.Composition.Trained);
        Assert.Equal(new Dictionary<string, int> { ["critique-conditioned"] = 1, ["earlier-iterations"] = 1, ["first-attempt"] = 1, ["refinement"] = 1, ["seed"] = 1 }, set.Composition.BySource);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 1, ["2"] = 1, ["3"] = 2 }, set.Composition.ByLevel);
        Assert.Contains(new SftExample("REFINE|q2|wrong2|critique2", "s2"), set.Examples);
        // Every distinct example appears before any repeats (each pass is a shuffle of all of them).
        Assert.Equal(5, set.Examples.Take(5).Distinct().Count());
        Assert.Equal(set.Examples, SftSetBuilder.Build(Prompts, seed, Kept, [new("p3", 2, "q3", "s3", SolutionSource.FirstAttempt)],
            new SftMixOptions { EarlierIterations = true, CritiqueConditioned = true }, size: 12, shuffleSeed: 7).Examples);

        var plain = SftSetBuilder.Build(Prompts, seed, Kept, [], new SftMixOptions { Seed = false }, size: 0, shuffleSeed: 7);
        Assert.Equal(2, plain.Examples.Count);
        Assert.DoesNotContain(plain.Examples, e => e.Prompt.StartsWith("REFINE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stepwise_critique_in_exploration_counts_a_call_per_step_and_its_prompt_tokens()
    {
        // The actor's first attempt is wrong at step 2 (3 steps); its refinement is right. The critic judges a step at a time.
        const string wrong = "a = 2 + 2 = 4.\nb = 4 + 4 = 9.\nThe answer is 9.";
        var actor = new Tests.TestTime.ScriptedSampler("actor", (string prompt, ulong _) =>
            prompt.StartsWith("REFINE", StringComparison.Ordinal) ? "a = 2 + 2 = 4.\nb = 4 + 4 = 8.\nThe answer is 8." : wrong);
        var critic = new Tests.TestTime.ScriptedSampler("critic", (string prompt, ulong _) =>
            $"Correctness of the step: {(prompt.EndsWith("= 9.", StringComparison.Ordinal) ? "Wrong" : "Correct")}\nExplanation: -");
        var prompts = new PromptSet(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}")
        {
            CheckStep = (q, steps) => $"CHECK|{q}\n{string.Join('\n', steps)}",
        };
        var options = new SelfImprovementOptions { Samples = 1, Refinements = 1 };
        var explorer = new Explorer(actor, critic, prompts, new SolutionVerifier(new MathCritique.Grading.MathGrader()), options);
        var explored = await explorer.ExploreAsync([new ExplorationTask(new MathCritique.Problems.Problem("p", "a + a?", "8"), 0, 1)], iteration: 1, wave: 0);

        var round = Assert.Single(Assert.Single(Assert.Single(explored).Samples).Rounds);
        Assert.True(round.SaysWrong);
        Assert.False(round.ParseFailed);
        // Steps 1 and 2 are judged (the critique stops at the wrong one, but every step was asked for): 3 requests.
        Assert.Equal(3, round.Calls);
        Assert.Equal(critic.Requests.Sum(r => r.Messages[^1].Text.Length), round.PromptTokens);
        var compute = IterationMetrics.Compute(explored);
        Assert.Equal((2, 3), (compute.ActorCalls, compute.CriticCalls));
        // Step k's prompt extends step k − 1's: the critic's new prompt tokens are its longest prompt.
        Assert.Equal(critic.Requests.Max(r => r.Messages[^1].Text.Length), compute.CriticNewPromptTokens);
        Assert.Equal(actor.Requests.Sum(r => r.Messages[^1].Text.Length), compute.ActorPromptTokens);
    }
}
