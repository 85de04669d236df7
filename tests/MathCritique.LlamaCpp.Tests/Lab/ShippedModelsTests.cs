using MathCritique.Critiques;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using Xunit.Abstractions;

namespace MathCritique.LlamaCpp.Tests.Lab;

/// <summary>
/// Smoke tests of the lab models shipped in models/: they load in llama.cpp, solve easy held-out problems,
/// and the critic writes critiques that parse and judge. Kept small: the full measurements are CLI commands.
/// </summary>
public sealed class ShippedModelsTests(ITestOutputHelper output)
{
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

    private static readonly LlamaEngineOptions Engine = new() { ContextSize = 8192, MaxParallelSequences = 16 };

    [Fact]
    public async Task The_actor_solves_most_easy_held_out_problems_in_the_step_format()
    {
        using var actor = await LlamaSampler.LoadAsync(ModelPath("lab-actor.gguf"), Engine);
        var problems = new LabProblemGenerator(2024).Generate(1, LabSplit.Test, 16).ToArray();
        var records = await new LabActorEvaluator(actor, LabPrompts.Create()).EvaluateAsync(problems, refine: false);
        foreach (var r in records.Take(3))
            output.WriteLine($"{r.Correct}: {r.Solution}");
        Assert.True(records.Count(r => r.Correct) >= 10, $"{records.Count(r => r.Correct)}/16 right");
        Assert.All(records, r => Assert.Contains("The answer is ", r.Solution, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_critic_accepts_reference_solutions_and_rejects_flawed_ones()
    {
        using var critic = await LlamaSampler.LoadAsync(ModelPath("lab-critic.gguf"), Engine);
        var prompts = LabPrompts.Create();
        var data = new LabTrainingData(prompts, seed: 77);
        var random = new Random(5);
        var problems = new LabProblemGenerator(2024).Generate(2, LabSplit.Test, 8).ToArray();
        var cases = problems.Select((p, i) => i % 2 == 0 ? (p, p.ReferenceSolution, true) : (p, data.Flawed(p, random)!, false)).ToArray();
        var results = await critic.SampleAsync(cases.Select(c => SamplingRequest.FromUser(
            prompts.BuildCritique(c.Item1.Question, c.Item2), options: new SamplingOptions { MaxTokens = 700 })).ToArray());
        int agree = 0;
        for (int i = 0; i < cases.Length; i++)
        {
            var parsed = CritiqueParser.Parse(results[i].Completions[0].Text);
            Assert.False(parsed.IsEmpty, results[i].Completions[0].Text);
            if (parsed.Critique.RejectsSolution != cases[i].Item3)
                agree++;
        }
        Assert.True(agree >= 6, $"{agree}/8 verdicts right");
    }
}
