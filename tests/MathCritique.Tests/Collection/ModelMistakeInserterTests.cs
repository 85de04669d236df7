using MathCritique.Collection;
using MathCritique.Grading;
using MathCritique.Lab;
using MathCritique.Models;
using MathCritique.Problems;
using MathCritique.Sampling;
using MathCritique.Solutions;
using MathCritique.Tests.Serving;

namespace MathCritique.Tests.Collection;

/// <summary>
/// RG3 with a model inserter against a real server: <c>mathcritique serve</c>'s <see cref="MathCritique.Serving.ModelServer"/>
/// on loopback serves the shipped lab actor, which is both the actor and, through the inserter's prompt, the model
/// that writes the mistakes (any model can; a tiny one writes poor ones, which is what the drop rules are for).
/// </summary>
public sealed class ModelMistakeInserterTests
{
    // Lab-world questions as a user's file would give them: plain problems, no lab plan in their metadata.
    private static readonly Problem[] Problems =
    [
        new("ben", "Ben has 26 cookies. He ends up with 3 times as many. How many cookies does Ben have now?", "78"),
        new("ava", "Ava has 19 cards. Her pile becomes 4 times as big. How many cards does Ava have now?", "76"),
        new("zoe", "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?", "56"),
    ];

    private static string[] Steps(string solution) => StepSegmenter.Split(solution).Select(s => s.Text).ToArray();

    [Fact]
    public async Task A_served_model_rewrites_a_step_of_each_right_solution_and_the_actor_continues_from_it()
    {
        await using var served = await LabModelsServed.StartAsync();
        var opener = new ModelOpener([new RemoteModelProvider()]);
        using var actor = await opener.OpenAsync(served.Address("lab-actor"));
        using var writer = await opener.OpenAsync(served.Address("lab-actor"));
        var sampling = new SamplingOptions { Temperature = 0.7f, MaxTokens = 48 };
        var inserter = new ModelMistakeInserter(writer.Sampler, sampling: sampling);
        var prompts = LabPrompts.Create();
        var options = new ConstructionOptions { Rg1Samples = 0, Rg2Samples = 0, Rg3Samples = 3, Rg3FromCorrectOnly = true, MaxTokens = 64, Seed = 1 };

        var (candidates, dropped) = await new SolutionConstructor(actor.Sampler, prompts, new MathGrader(), options, inserter).BuildAsync(Problems, null, CancellationToken.None);

        // Every attempt is a candidate or a drop with its reason, never an exception; the tiny model's mistakes make some candidates.
        Assert.Equal(Problems.Length * options.Rg3Samples, candidates.Count + dropped.Count);
        Assert.NotEmpty(candidates);
        string[] reasons = [ConstructionDrop.WrongBase, ConstructionDrop.ContinuationRight, MistakeInsertionPrompt.EmptyReply, MistakeInsertionPrompt.UnreadableReply, MistakeInsertionPrompt.UnchangedStep];
        Assert.All(dropped, d => Assert.Contains(d.Reason, reasons));
        Assert.All(dropped.Where(d => d.Reason.StartsWith("the reply", StringComparison.Ordinal)), d => Assert.NotNull(d.Output));

        // Each candidate keeps the right greedy solution's steps before k, has step k rewritten, and the actor's continuation after it.
        var greedy = await actor.Sampler.SampleAsync(
            Problems.Select(p => SamplingRequest.FromUser(prompts.BuildSolve(p.Question), 1, options.Sampling(0), options.Seed)).ToArray(), null, CancellationToken.None);
        foreach (var candidate in candidates)
        {
            var original = Steps(greedy[Array.IndexOf(Problems, candidate.Problem)].Completions[0].Text);
            var steps = Steps(candidate.Solution);
            int k = candidate.ErrorStep!.Value;
            Assert.Equal(ConstructionMethod.Rg3InsertedMistake, candidate.Method);
            Assert.Contains(candidate.ErrorType, inserter.MistakeTypes);
            Assert.True(candidate.BaseCorrect);
            Assert.False(candidate.Correct);
            Assert.Equal(original.Take(k - 1), steps.Take(k - 1));
            Assert.NotEqual(original[k - 1], steps[k - 1]);
        }

        // The inserter's step is the served model's reply to the mistake prompt, read by the prompt's rule.
        var problem = Problems[0];
        var baseSteps = Steps(greedy[0].Completions[0].Text);
        var insertion = await inserter.InsertAsync(problem, baseSteps, 1, "wrong operation", 42, CancellationToken.None);
        var reply = await writer.Sampler.SampleAsync(
            [SamplingRequest.FromUser(MistakeInsertionPrompt.Build(problem, baseSteps, 1, MistakeType.WrongOperation), 1, sampling, 42)], null, CancellationToken.None);
        Assert.Equal(MistakeInsertionPrompt.Read(reply[0].Completions[0].Text, baseSteps[0]), insertion);
    }
}
