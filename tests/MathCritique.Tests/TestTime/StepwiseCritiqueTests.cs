using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.TestTime;

namespace MathCritique.Tests.TestTime;

public class StepwiseCritiqueTests
{
    private const string Solution = "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 66 apples.\nShe has 66 - 17 = 49 apples left.\nThe answer is 49.";

    private static PromptSet Prompts => new(q => q, (q, s) => $"Critique: {q}\n{s}", (q, s, c) => $"{q}\n{s}\n{c}")
    {
        CheckStep = (question, steps) => $"Check the last step of {question}\n{string.Join('\n', steps)}",
    };

    // Judges the prompt's last line, and miscopies it, as a small critic might.
    private static string Judge(string prompt)
    {
        var last = prompt.Split('\n')[^1];
        bool wrong = last.Contains("= 66", StringComparison.Ordinal);
        return $"Step sentence: {last.Replace("apples", "pears", StringComparison.Ordinal)}\nCorrectness of the step: {(wrong ? "Wrong" : "Correct")}\nExplanation: {(wrong ? "23 + 42 is 65." : "ok")}";
    }

    [Fact]
    public async Task Every_prefix_is_judged_in_one_batch_and_the_critique_stops_at_the_first_wrong_step()
    {
        var critic = new ScriptedSampler("critic", (string prompt, ulong _) => Judge(prompt));
        var batch = new RequestBatch(critic);
        var pending = Prompts.AddCritique(batch, "Mia's apples", Solution, SamplingOptions.Greedy, seed: 1);
        await batch.SendAsync(null, CancellationToken.None);
        var reply = await pending;
        var completion = reply.Completion;

        Assert.Equal(1, critic.Calls);
        Assert.Equal(4, critic.Requests.Count);
        // One call per request the critic received, and every request's prompt tokens (the scripted critic counts characters).
        Assert.Equal(4, reply.Calls);
        Assert.Equal(critic.Requests.Sum(r => r.Messages[^1].Text.Length), completion.PromptTokens);
        Assert.False(reply.ParseFailed);
        Assert.True(reply.SaysWrong);
        Assert.EndsWith("\nThe answer is 49.", critic.Requests[3].Messages[^1].Text, StringComparison.Ordinal);
        var critique = CritiqueParser.Parse(completion.Text).Critique;
        Assert.Equal(2, critique.FirstWrongStep);
        Assert.Equal(2, critique.Steps.Count);
        Assert.Equal("She has 23 + 42 = 66 apples.", critique.Steps[1].StepText);
        Assert.Equal("23 + 42 is 65.", critique.Steps[1].Explanation);
        Assert.Equal(Verdict.Wrong, critique.FinalAnswer);
        // Compute is what the critic generated for every step, judged or not.
        Assert.Equal(critic.Requests.Sum(r => Judge(r.Messages[^1].Text).Length), completion.GeneratedTokens);
    }

    [Fact]
    public void All_steps_correct_accepts_and_an_unreadable_block_leaves_the_verdict_unknown()
    {
        string[] steps = ["a = 1", "The answer is 1."];
        string ok = "Step sentence: x\nCheck: 1 given.\nCorrectness of the step: Correct\nExplanation: fine";
        var accepted = StepwiseCritique.Assemble(steps, [ok, ok]);
        Assert.Equal(Verdict.Correct, accepted.FinalAnswer);
        Assert.Equal("1 given.", accepted.Steps[0].Check);
        Assert.False(accepted.RejectsSolution);

        Assert.False(StepwiseCritique.Unreadable(accepted));

        var unread = StepwiseCritique.Assemble(steps, [ok, "I think so."]);
        Assert.Equal(Verdict.Unknown, unread.Steps[1].Verdict);
        Assert.Equal(Verdict.Unknown, unread.FinalAnswer);
        Assert.True(StepwiseCritique.Unreadable(unread));
        Assert.Throws<ArgumentException>(() => StepwiseCritique.Assemble(steps, [ok]));
        Assert.Equal(Verdict.Unknown, StepwiseCritique.Assemble([], []).FinalAnswer);
    }

    [Fact]
    public async Task Votes_judge_each_step_with_consecutive_seeds_and_the_majority_verdict_stands()
    {
        // The first judgement (seed 5) is the odd one out: it rejects step 1 and accepts step 2, against the other two.
        string Vote(string prompt, ulong seed)
        {
            var block = Judge(prompt);
            return seed != 5 ? block
                : block.Contains("Correct\n", StringComparison.Ordinal) ? block.Replace("Correct\n", "Wrong\n", StringComparison.Ordinal)
                : block.Replace("Wrong\n", "Correct\n", StringComparison.Ordinal);
        }
        var critic = new ScriptedSampler("critic", (SamplingRequest r, ulong _) => Vote(r.Messages[^1].Text, r.Seed));
        var batch = new RequestBatch(critic);
        var options = new SamplingOptions { Temperature = 0.7f, MaxTokens = 64 };
        var pending = Prompts.AddCritique(batch, "Mia's apples", Solution, options, seed: 5, stepVotes: 3);
        await batch.SendAsync(null, CancellationToken.None);
        var reply = await pending;
        var completion = reply.Completion;

        Assert.Equal(12, critic.Requests.Count);
        Assert.Equal(12, reply.Calls);
        Assert.Equal([5UL, 6UL, 7UL], critic.Requests.Take(3).Select(r => r.Seed));
        var critique = CritiqueParser.Parse(completion.Text).Critique;
        Assert.Equal(2, critique.FirstWrongStep);
        Assert.Equal(critic.Requests.Sum(r => Vote(r.Messages[^1].Text, r.Seed).Length), completion.GeneratedTokens);

        // A tie goes to the first judgement; blocks that do not parse do not vote.
        string right = "Correctness of the step: Correct\nExplanation: ok", wrong = "Correctness of the step: Wrong\nExplanation: no";
        Assert.Equal(wrong, StepwiseCritique.Majority([wrong, right]));
        Assert.Equal(right, StepwiseCritique.Majority(["???", right, wrong, right]));
        Assert.Equal(wrong, StepwiseCritique.Majority(["???", wrong]));
        // Greedy votes would all agree: the options refuse them.
        Assert.Throws<ArgumentException>(() => new CritiqueLoopOptions { CriticVotes = 3 }.Validate());
        new CritiqueLoopOptions { CriticVotes = 3, CriticSampling = options }.Validate();
    }

    [Fact]
    public async Task Without_a_step_prompt_the_critique_is_one_request()
    {
        var critic = new ScriptedSampler("critic", (string _, ulong _) => "Correctness of the final answer: Correct\nExplanation: ok");
        var batch = new RequestBatch(critic);
        var pending = (Prompts with { CheckStep = null }).AddCritique(batch, "q", Solution, SamplingOptions.Greedy, seed: 1);
        await batch.SendAsync(null, CancellationToken.None);
        Assert.Single(critic.Requests);
        Assert.StartsWith("Critique: q\n", critic.Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        var reply = await pending;
        Assert.Equal("Correctness of the final answer: Correct\nExplanation: ok", reply.Text);
        Assert.Equal(1, reply.Calls);
        Assert.False(reply.ParseFailed);
    }

    [Fact]
    public async Task An_unreadable_block_is_a_parse_failure_not_an_accept()
    {
        // Step 2's block has no verdict; the other steps are right.
        var critic = new ScriptedSampler("critic", (string prompt, ulong _) => prompt.EndsWith("= 66 apples.", StringComparison.Ordinal)
            ? "Step sentence: She has 23 + 42 = 66 apples.\nI am not sure about this one."
            : Judge(prompt).Replace("Wrong", "Correct", StringComparison.Ordinal));
        var batch = new RequestBatch(critic);
        var pending = Prompts.AddCritique(batch, "Mia's apples", Solution, SamplingOptions.Greedy, seed: 1);
        await batch.SendAsync(null, CancellationToken.None);
        var reply = await pending;

        Assert.True(reply.ParseFailed);
        Assert.False(reply.SaysWrong);
        Assert.Equal(Verdict.Unknown, reply.Parsed.Critique.FinalAnswer);
        Assert.Equal(4, reply.Calls);

        // What the step records and the critic's evaluation keep: a parse failure.
        var step = Assert.Single((await RunLoopAsync(critic, Solution)).Samples).Critique!;
        Assert.True(step.ParseFailed);
        Assert.Equal(4, step.CriticCalls);
        var problem = new MathCritique.Problems.Problem("p", "Mia's apples", "49");
        var judgement = Assert.Single(await new MathCritique.CriticEvaluation.CriticEvaluator(critic, null, Prompts, new MathCritique.Grading.MathGrader(),
            new MathCritique.CriticEvaluation.CriticEvalOptions { ClosedLoop = false }).EvaluateAsync([new MathCritique.CriticEvaluation.LabeledSolution(problem, Solution, true, null)]));
        Assert.True(judgement.ParseFailed);
        Assert.Equal(1.0, MathCritique.CriticEvaluation.CriticMetrics.From([judgement]).ParseFailureRate);
    }

    [Fact]
    public async Task In_a_problem_s_scope_each_step_s_prompt_shares_the_one_before_so_only_the_longest_is_new()
    {
        var critic = new ScriptedSampler("critic", (string prompt, ulong _) => Judge(prompt).Replace("Wrong", "Correct", StringComparison.Ordinal));
        var batch = new RequestBatch(critic);
        var pending = Prompts.AddCritique(batch.ForScope("p"), "Mia's apples", Solution, SamplingOptions.Greedy, seed: 1);
        await batch.SendAsync(null, CancellationToken.None);
        var completion = (await pending).Completion;

        var prompts = critic.Requests.Select(r => r.Messages[^1].Text).ToArray();
        Assert.Equal(prompts.Sum(p => p.Length), completion.PromptTokens);
        // Step k's prompt is step k − 1's and one more line: a prefix cache computes the last prompt once.
        Assert.Equal(prompts.Max(p => p.Length), completion.NewPromptTokens);
    }

    [Fact]
    public async Task A_stepwise_critique_counts_a_call_per_step_in_the_records_and_the_strategies_compute()
    {
        var critic = new ScriptedSampler("critic", (string prompt, ulong _) => Judge(prompt));
        var record = await RunLoopAsync(critic, Solution);
        var sample = Assert.Single(record.Samples);
        Assert.Equal(4, sample.Critique!.CriticCalls);
        Assert.Equal(critic.Requests.Sum(r => r.Messages[^1].Text.Length), sample.Critique.PromptTokens);
        var chain = Assert.Single(record.Chains[RefineVariant.Critic]);
        Assert.Equal(4, chain.CriticCalls);

        var outcomes = new StrategyScorer(MathCritique.TestTime.Strategies.TestTimeStrategies.All, new MathCritique.Grading.MathGrader()).Score(record).ToArray();
        var vote = outcomes.Single(o => o.Strategy == StrategyNames.CritiqueFilteredVote);
        Assert.Equal(1 + 4, vote.Calls);
        Assert.Equal(sample.Critique.PromptTokens, vote.CriticPrompt.All);
        Assert.Equal(sample.Attempt.PromptTokens, vote.ActorPrompt.All);
        // The chain: the greedy attempt, the critique's 4 requests and the refinement.
        var refine = outcomes.Single(o => o.Strategy == StrategyNames.CritiqueRefine && o.Budget == 1);
        Assert.Equal(1 + 4 + 1, refine.Calls);
        Assert.Equal(chain.PromptTokens, refine.CriticPrompt.All);
    }

    // One problem, one sample, one round: the actor always writes the given solution.
    private static async Task<ProblemRecord> RunLoopAsync(ScriptedSampler critic, string solution)
    {
        var actor = new ScriptedSampler("actor", (string _, ulong _) => solution);
        var options = new CritiqueLoopOptions { Samples = 1, Rounds = 1, Seed = 1 };
        var runner = new CritiqueLoopRunner(actor, critic, Prompts, new MathCritique.Grading.MathGrader(), options,
            MathCritique.TestTime.Strategies.TestTimeStrategies.For(options));
        var records = new List<ProblemRecord>();
        await foreach (var r in runner.RunAsync([new MathCritique.Problems.Problem("p", "Mia's apples", "49")]))
            records.Add(r);
        return Assert.Single(records);
    }
}
