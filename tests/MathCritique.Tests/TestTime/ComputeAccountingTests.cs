using System.Text;
using LLama;
using LLama.Common;
using MathCritique.Grading;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Serving;
using MathCritique.Solutions;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.Tests.TestTime;

/// <summary>
/// Compute accounting with the real lab actor and stepwise critic from models/, in-process and through the model server
/// that <c>mathcritique serve</c> runs, on loopback: a stepwise critique of an n-step solution is n calls, and every
/// recorded prompt token count is the tokenizer's count of the rendered prompt (in-process: the engine's own count; a
/// server: its <c>usage.prompt_tokens</c>).
/// </summary>
public sealed class ComputeAccountingTests
{
    private static readonly LlamaEngineOptions Engine = new() { ContextSize = 4096, MaxParallelSequences = 8 };
    private static readonly PromptSet Prompts = LabPrompts.CreateStepwise();
    private static readonly IReadOnlyList<Problem> Problems = new LabProblemSet("1", 1).GenerateProblems();

    private static readonly CritiqueLoopOptions Options = new()
    {
        Samples = 2,
        Rounds = 1,
        Seed = 1,
        ActorSampling = new() { Temperature = 0.7f, MaxTokens = 200 },
        CriticSampling = new() { Temperature = 0f, MaxTokens = 600 },
    };

    private static string ModelPath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", file);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"models/{file} is not in the repository");
    }

    private static async Task<IReadOnlyList<ProblemRecord>> RunAsync(ISampler actor, ISampler critic)
    {
        var runner = new CritiqueLoopRunner(actor, critic, Prompts, new MathGrader(), Options, TestTimeStrategies.For(Options));
        var records = new List<ProblemRecord>();
        await foreach (var record in runner.RunAsync(Problems))
            records.Add(record);
        return records;
    }

    /// <summary>A model's tokenizer counting a user prompt as the engine renders it (the model's chat template).</summary>
    private sealed class RenderedPromptCounter(LlamaSampler sampler) : IDisposable
    {
        private readonly LLamaWeights _vocabulary = LLamaWeights.LoadFromFile(new ModelParams(sampler.ModelPath) { VocabOnly = true });

        public int Count(string prompt, string? assistantPrefix = null)
        {
            var rendered = sampler.FormatPrompt(SamplingRequest.FromUser(prompt) with { AssistantPrefix = assistantPrefix });
            return _vocabulary.Tokenize(rendered, _vocabulary.NativeHandle.Vocab.ShouldAddBOS, special: true, Encoding.UTF8).Length;
        }

        public void Dispose() => _vocabulary.Dispose();
    }

    private static void AssertCounted(IReadOnlyList<ProblemRecord> records, RenderedPromptCounter actor, RenderedPromptCounter critic)
    {
        int critiques = 0;
        foreach (var record in records)
        {
            int solve = actor.Count(Prompts.BuildSolve(record.Question));
            // The problem's first call computes its whole prompt; its samples share it all (one prompt, a prefix cache).
            Assert.Equal((solve, 0), (record.Greedy.PromptTokens, record.Greedy.SharedPrefixTokens));
            Assert.All(record.Samples, s => Assert.Equal((solve, solve), (s.Attempt.PromptTokens, s.Attempt.SharedPrefixTokens)));

            foreach (var (attempt, step) in record.Samples.Select(s => (s.Attempt, s.Critique!)).Append((record.Greedy, record.Chains[RefineVariant.Critic][0])))
            {
                var steps = StepSegmenter.Split(attempt.Text).Select(s => s.Text).ToArray();
                // One call per step: a stepwise critique of an n-step solution is n requests, each counted with its prompt.
                Assert.Equal(steps.Length, step.CriticCalls);
                Assert.Equal(Enumerable.Range(1, steps.Length).Sum(k => critic.Count(LabPrompts.CheckStep(record.Question, steps[..k]))), step.PromptTokens);
                Assert.InRange(step.SharedPrefixTokens, steps.Length > 1 ? 1 : 0, step.PromptTokens);
                critiques++;
            }
            var chain = record.Chains[RefineVariant.Critic][0];
            if (chain.Refined is { } refined)
                Assert.Equal(actor.Count(Prompts.BuildRefine(record.Question, record.Greedy.Text, chain.Critique)), refined.PromptTokens);

            // The strategies count them: critique-vote@2 is two samples and every request of their critiques.
            var vote = new StrategyScorer(TestTimeStrategies.All, new MathGrader()).Score(record)
                .Single(o => o.Strategy == StrategyNames.CritiqueFilteredVote && o.Budget == 2);
            Assert.Equal(2 + record.Samples.Sum(s => s.Critique!.CriticCalls), vote.Calls);
            Assert.Equal(record.Samples.Sum(s => s.Critique!.PromptTokens), vote.CriticPrompt.All);
        }
        Assert.Equal(Problems.Count * (Options.Samples + 1), critiques);
        Assert.Contains(records, r => r.Samples.Any(s => s.Critique!.CriticCalls > 1));
    }

    [Fact]
    public async Task In_process_and_through_the_model_server_a_stepwise_critique_is_a_call_per_step_and_prompt_tokens_are_the_tokenizer_s()
    {
        NativeLogging.Suppress();
        string actorPath = ModelPath("lab-actor.gguf"), criticPath = ModelPath("lab-critic-stepwise.gguf");
        using var actor = await LlamaSampler.LoadAsync(actorPath, Engine);
        using var critic = await LlamaSampler.LoadAsync(criticPath, Engine);
        using var actorTokens = new RenderedPromptCounter(actor);
        using var criticTokens = new RenderedPromptCounter(critic);
        AssertCounted(await RunAsync(actor, critic), actorTokens, criticTokens);

        // The same run against the server `mathcritique serve` runs: the counts are the server's usage.prompt_tokens.
        using var cancel = new CancellationTokenSource();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = ModelServer.ServeAsync(new ModelOpener([new GgufModelProvider(Engine)]), [("actor", actorPath), ("critic", criticPath)],
            new ServerOptions { Port = 0 }, (server, _) => listening.SetResult(server.BaseUrl), cancel.Token);
        try
        {
            var baseUrl = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var remote = new ModelOpener([new RemoteModelProvider()]);
            using var remoteActor = await remote.OpenAsync($"{baseUrl}#actor?cache=off");
            using var remoteCritic = await remote.OpenAsync($"{baseUrl}#critic?cache=off");
            AssertCounted(await RunAsync(remoteActor.Sampler, remoteCritic.Sampler), actorTokens, criticTokens);
        }
        finally
        {
            await cancel.CancelAsync();
            await serving.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
