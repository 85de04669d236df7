using System.Text.Json;
using MathCritique.CriticEvaluation;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.CriticEvaluation;

public sealed class CriticEvalRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-critic-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");

    /// <summary>Labels by the final answer; a wrong solution's first wrong step is its first.</summary>
    private sealed class AnswerLabeler : ISolutionLabeler
    {
        private readonly MathGrader _grader = new();

        public LabeledSolution Label(Problem problem, string solution)
        {
            bool correct = _grader.Grade(problem.ReferenceAnswer, solution).Correct;
            return new LabeledSolution(problem, solution, correct, correct ? null : 1);
        }
    }

    [Fact]
    public async Task Samples_labels_judges_and_writes_the_judgements_the_metrics_and_their_table()
    {
        var problems = new[] { new Problem("a", "2 + 2", "4", Level: 1), new Problem("b", "3 + 3", "6", Level: 2) };
        // Sample 0 of each problem is right, sample 1 wrong; the critic rejects what ends in a wrong sum.
        var actor = new ScriptedSampler("actor", (SamplingRequest r, ulong seed) => r.Messages[^1].Text switch
        {
            var t when t.StartsWith("SOLVE|2 + 2", StringComparison.Ordinal) => seed == r.SeedFor(0) ? "2 + 2 = 4\nThe answer is 4." : "2 + 2 = 5\nThe answer is 5.",
            var t when t.StartsWith("SOLVE|3 + 3", StringComparison.Ordinal) => seed == r.SeedFor(0) ? "3 + 3 = 6\nThe answer is 6." : "3 + 3 = 7\nThe answer is 7.",
            _ => "The answer is 0.",
        });
        var critic = new ScriptedSampler("critic", (string prompt, ulong _) =>
        {
            bool wrong = prompt.Contains("= 5", StringComparison.Ordinal) || prompt.Contains("= 7", StringComparison.Ordinal);
            return CritiqueFormatter.Format(new Critique([new StepVerdict(1, "step", wrong ? Verdict.Wrong : Verdict.Correct, "")], wrong ? Verdict.Wrong : Verdict.Correct, ""));
        });
        var options = new CriticEvalRunOptions { SamplesPerProblem = 2, Evaluation = new CriticEvalOptions { Seed = 9 } };
        var report = await new CriticEvalRun(actor, critic, Prompts, new AnswerLabeler(), options).RunAsync(problems, _dir);

        Assert.Equal(4, report.Judgements.Count);
        Assert.Equal([true, false, true, false], report.Judgements.Select(j => j.SolutionCorrect));
        Assert.Equal(1, report.Overall.VerdictAccuracy);
        Assert.Equal(1, report.Overall.LocalizationAccuracy);
        Assert.Equal(["1", "2"], report.ByLevel.Keys);
        Assert.All(actor.Requests.Where(r => r.Messages[^1].Text.StartsWith("SOLVE|", StringComparison.Ordinal)), r => Assert.Equal(9ul, r.Seed));

        var lines = File.ReadAllLines(Path.Combine(_dir, CriticEvalRun.JudgementsFile));
        Assert.Equal(4, lines.Length);
        Assert.Equal("a", JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetString());
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, CriticEvalRun.MetricsFile))).RootElement;
        Assert.Equal(4, metrics.GetProperty("overall").GetProperty("solutions").GetInt32());
        Assert.Equal(2, metrics.GetProperty("by_level").GetProperty("2").GetProperty("solutions").GetInt32());
        var table = File.ReadAllText(Path.Combine(_dir, CriticEvalRun.MetricsTableFile));
        Assert.Equal(report.ToMarkdown(), table);
        Assert.Equal(5, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header, rule, two levels, all
        Assert.StartsWith("| **all** | 4 | 2 | 100.0% |", table.Split('\n')[4], StringComparison.Ordinal);
    }
}
