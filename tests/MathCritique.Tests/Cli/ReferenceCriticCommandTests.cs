using System.Text.Json;
using MathCritique.Critiques;
using MathCritique.Lab;
using MathCritique.Solutions;

namespace MathCritique.Tests.Cli;

/// <summary>
/// <c>--critic lab-procedure</c>, the lab's model-free reference critic, through the real commands: the shipped actor
/// writes the solutions, the procedure judges them one step at a time (the prompt set it declares), and the run's
/// critiques are the procedure's on those solutions.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class ReferenceCriticCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-reference-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Critic_eval_runs_the_procedure_as_a_critic()
    {
        var output = Path.Combine(_dir, "critic-eval");
        var (code, error) = CliInvocation.Run("critic-eval", "--critic", "lab-procedure", "--split", "train", "--levels", "1-2", "--per-level", "1", "--samples", "1", "--out", output);
        Assert.True(code == 0, error);
        Assert.Contains("prompts: lab-stepwise", error, StringComparison.Ordinal);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
            Assert.Equal(2, metrics.RootElement.GetProperty("overall").GetProperty("solutions").GetInt32());
        var generator = new LabProblemGenerator(2024);
        var judgements = File.ReadAllLines(Path.Combine(output, "judgements.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, judgements.Length);
        foreach (var j in judgements)
        {
            // The critique is the procedure's on the actor's solution, assembled from its step blocks.
            var question = generator.Generate(j.GetProperty("level").GetInt32(), LabSplit.Train, 1).Single(p => p.Id == j.GetProperty("id").GetString()).Question;
            var steps = StepSegmenter.Split(j.GetProperty("solution").GetString()!).Select(s => s.Text).ToArray();
            var numbers = LabPrompts.NumberList(question).Select(n => decimal.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var expected = LabProcedureCritic.Critique(numbers, steps);
            var written = CritiqueParser.Parse(j.GetProperty("critique").GetString()!).Critique;
            Assert.Equal(expected.Steps.Select(s => (s.Verdict, s.Check)), written.Steps.Select(s => (s.Verdict, s.Check)));
            Assert.All(written.Steps, s => Assert.NotEmpty(s.Check));
        }
    }

    [Fact]
    public void The_procedure_refuses_inline_tools_in_one_line()
    {
        var (code, error) = CliInvocation.Run("critic-eval", "--critic", "lab-procedure", "--critic-tools", "calculator", "--split", "train", "--levels", "1", "--per-level", "1",
            "--samples", "1", "--out", Path.Combine(_dir, "tools"));
        Assert.Equal(2, code);
        Assert.Contains("an inline tool (calculator) cannot be sent", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
