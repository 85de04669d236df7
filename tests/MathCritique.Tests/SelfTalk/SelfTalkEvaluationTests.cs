using System.Globalization;
using MathCritique.Critiques;
using MathCritique.Evaluation;
using MathCritique.Models;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.SelfTalk;
using MathCritique.TestTime;
using MathCritique.TestTime.Strategies;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.SelfTalk;

/// <summary>The self-talk actor graded on its final attempt: in <c>eval</c> (through <see cref="SelfTalkFinalAttemptSampler"/>) and in <c>selftalk eval</c>.</summary>
public sealed class SelfTalkEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-selftalk-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptSet Prompts = new(q => $"SOLVE|{q}", (q, s) => $"CRITIQUE|{q}|{s}", (q, s, c) => $"REFINE|{q}|{s}|{c}");

    private static readonly Problem[] Problems = Enumerable.Range(1, 4)
        .Select(i => new Problem($"p{i}", $"What is {i} + {i}?", (2 * i).ToString(CultureInfo.InvariantCulture), Level: 1 + i % 2))
        .ToArray();

    private static int Number(string prompt) => int.Parse(prompt.Split("What is ")[1].Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// A first attempt with a wrong answer, flagged and corrected to the right one; the correction ends without "The answer
    /// is", so a grader of the whole output would read the retracted answer.
    /// </summary>
    private static string Corrected(int i) => string.Join('\n',
        $"{i} + {i} = {2 * i + 1}.",
        $"The answer is {2 * i + 1}.",
        SelfTalkFormat.CheckLine(1, $"{i} + {i} is {2 * i}.", right: false),
        SelfTalkFormat.CorrectionLine(1),
        $"So the sum is {2 * i}.");

    // Corrects itself on odd problems; on even ones writes a right step and then "corrects" it into a wrong one.
    private static string SelfTalkText(int i) => i % 2 == 1 ? Corrected(i) : string.Join('\n',
        $"{i} + {i} = {2 * i}.", SelfTalkFormat.CheckLine(1, "Hmm.", right: false), SelfTalkFormat.CorrectionLine(1),
        $"{i} + {i} = {2 * i + 2}.", $"The answer is {2 * i + 2}.");

    private static ScriptedSampler SelfTalkActor() => new("selftalk", (prompt, _) => SelfTalkText(Number(prompt)));

    private static ScriptedSampler PlainActor() => new("plain", (prompt, _) => $"The answer is {2 * Number(prompt) + 1}.");

    [Fact]
    public async Task In_eval_a_self_talk_actor_is_graded_voted_and_critiqued_on_its_final_attempt()
    {
        var actor = new ScriptedSampler("selftalk", (prompt, _) => Corrected(Number(prompt)));
        var critic = new ScriptedSampler("critic", (prompt, _) => CritiqueFormatter.Format(new Critique([], prompt.Contains("Let me", StringComparison.Ordinal) ? Verdict.Wrong : Verdict.Correct, "")));
        var loop = new CritiqueLoopOptions { Samples = 2, Rounds = 1 };
        var options = new EvalPipelineOptions
        {
            Actor = new OpenedModel(new SelfTalkFinalAttemptSampler(actor), "selftalk@1" + SelfTalkFinalAttemptSampler.Suffix),
            Critic = new OpenedModel(critic, "critic@1"),
            Prompts = Prompts,
            ProblemSource = "four sums",
            Directory = _dir,
            Loop = loop,
        };
        var (_, records, summary) = await EvalPipeline.RunAsync(Problems, options);

        // Graded whole, the output would count its retracted answer; its final attempt is right, and that is what counts everywhere.
        Assert.All(Problems, p => Assert.False(new MathCritique.Grading.MathGrader().Grade(p.ReferenceAnswer, Corrected(Number(p.Question))).Correct));
        Assert.Equal(1.0, summary.Find(StrategyNames.Greedy, 0)!.Overall.Accuracy.Mean);
        Assert.Equal(1.0, summary.Find(StrategyNames.MajorityVote, 2)!.Overall.Accuracy.Mean);
        // The critic saw the final attempt alone, so it accepted it.
        Assert.All(critic.Requests, r => Assert.DoesNotContain("Let me", r.Messages[^1].Text, StringComparison.Ordinal));
        Assert.NotEmpty(critic.Requests);
        // What is recorded is the final attempt, and the tokens counted are the whole output's.
        Assert.All(records, r => Assert.Equal($"So the sum is {2 * Number(r.Question)}.", r.Greedy.Text));
        Assert.All(records, r => Assert.Equal(Corrected(Number(r.Question)).Length, r.Greedy.Tokens));
        Assert.Contains(SelfTalkFinalAttemptSampler.Suffix, File.ReadAllText(Path.Combine(_dir, "run.json")), StringComparison.Ordinal);
        Assert.Equal(Problems.Length, records.Count);
    }

    [Fact]
    public async Task Selftalk_eval_grades_final_attempts_counts_fixes_and_length_and_resumes()
    {
        var options = new SelfTalkEvalOptions
        {
            SelfTalk = new OpenedModel(SelfTalkActor(), "selftalk@1"),
            PlainCot = new OpenedModel(PlainActor(), "plain@1"),
            Prompts = Prompts,
            ProblemSource = "four sums",
            Directory = _dir,
            BatchSize = 3,
            Title = "self-talk test",
            Plots = (summary, directory) =>
            {
                File.WriteAllText(Path.Combine(directory, "levels.png"), $"{summary.Levels.Count}");
                return ["levels.png"];
            },
        };
        var result = await SelfTalkEvaluation.RunAsync(Problems, options);

        var all = result.Summary.Overall;
        Assert.Equal(4, all.Problems);
        Assert.Equal(0.5, all.SelfTalkAccuracy.Mean); // p1, p3 corrected to the right answer; p2, p4 "corrected" into a wrong one
        Assert.Equal(0.0, all.PlainCotAccuracy.Mean);
        Assert.Equal(0.5, all.Difference.Mean);
        Assert.Equal((2, 0), (all.Better, all.Worse));
        Assert.Equal(1.0, all.FlagRate);
        Assert.Equal(4, all.Flags);
        Assert.Equal(0.5, all.FixRate);
        // Without exact labels, precision, first-error hits and breaks are not measured.
        Assert.Null(all.FlagPrecision);
        Assert.Null(all.BreakRate);
        Assert.Equal(Enumerable.Range(1, 4).Average(i => SelfTalkText(i).Length), all.SelfTalkCharacters);
        Assert.Equal(Enumerable.Range(1, 4).Average(i => $"The answer is {2 * i + 1}.".Length), all.PlainCotCharacters);
        Assert.Equal(["1", "2"], result.Summary.Levels.Select(l => l.Group));
        var report = File.ReadAllText(Path.Combine(_dir, SelfTalkEvaluation.ReportFile));
        Assert.StartsWith("# self-talk test", report, StringComparison.Ordinal);
        Assert.Contains("levels.png", report, StringComparison.Ordinal);
        Assert.Contains("+50.0 pts", report, StringComparison.Ordinal);

        // A re-run samples nothing; another actor in the same directory is another run, refused.
        var again = await SelfTalkEvaluation.RunAsync(Problems, options with { SelfTalk = new OpenedModel(new ScriptedSampler("x", (string _, ulong _) => throw new InvalidOperationException("sampled")), "selftalk@1") });
        Assert.Equal(result.Summary.Overall.SelfTalkAccuracy, again.Summary.Overall.SelfTalkAccuracy);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, SelfTalkEvaluation.RecordsFile)).Length);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SelfTalkEvaluation.RunAsync(Problems, options with { SelfTalk = new OpenedModel(SelfTalkActor(), "selftalk@2") }));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    [InlineData("He has 17 + 14 = 31 beads.", "He has 10 + 14 = 24 beads.", 3)]
    public void Edit_distance_counts_character_edits(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.Between(a, b));
        Assert.Equal(distance, EditDistance.Between(b, a));
    }
}
