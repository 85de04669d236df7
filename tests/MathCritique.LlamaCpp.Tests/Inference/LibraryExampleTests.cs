using MathCritique.Grading;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>The README's C# example, on the lab models (in-process instead of a server), so the example keeps compiling and working.</summary>
public sealed class LibraryExampleTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("mc-readme-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task The_readme_example_runs_and_scores_every_strategy()
    {
        var opener = new ModelOpener([new RemoteModelProvider(), new GgufModelProvider(new LlamaEngineOptions { ContextSize = 8192, MaxParallelSequences = 8 })]);
        using var actor = await opener.OpenAsync(RepositoryModels.PathOf("lab-actor.gguf") + "?prompts=lab");
        using var critic = await opener.OpenAsync(RepositoryModels.PathOf("lab-critic.gguf"));

        ISampler cachedCritic = new SamplerBuilder(critic.Sampler).UseDiskCache(_cache).UseRetry().Build();

        var problems = new LabProblemSet("1", PerLevel: 2).GenerateProblems();
        var options = new CritiqueLoopOptions { Samples = 2, Rounds = 1, Seed = 1, ActorSampling = new() { Temperature = 0.8f, MaxTokens = 96 }, CriticSampling = new() { MaxTokens = 160 } };
        var grader = new MathGrader();
        var prompts = PromptSetRegistry.WithPaperPrompts().AddLabPromptSets().Create(actor.PromptSet!);
        var runner = new CritiqueLoopRunner(actor.Sampler, cachedCritic, prompts, grader, options, TestTimeStrategies.For(options));
        var scorer = new StrategyScorer(TestTimeStrategies.All, grader);
        var outcomes = new List<StrategyOutcome>();
        await foreach (var record in runner.RunAsync(problems))
            outcomes.AddRange(scorer.Score(record));

        Assert.Contains(outcomes, o => o.Strategy == scorer.Strategies[0].Name);
        Assert.All(outcomes, o => Assert.InRange(o.Score, 0, 1));
        Assert.NotEmpty(Directory.EnumerateFiles(_cache, "*", SearchOption.AllDirectories)); // the critic's completions were cached
    }
}
