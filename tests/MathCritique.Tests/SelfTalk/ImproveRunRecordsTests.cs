using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.SelfImprovement;
using MathCritique.SelfTalk;
using MathCritique.Solutions;
using static MathCritique.Tests.SelfTalk.SelfTalkRecords;

namespace MathCritique.Tests.SelfTalk;

/// <summary><c>selftalk build</c> from an improve run directory, written with the exploration records' own writer.</summary>
public sealed class ImproveRunRecordsTests : IDisposable
{
    private const string Explanation = "17 is not what Tom had: he had 10 beads, so 10 + 14 = 24.";

    // A right first attempt worded otherwise from step 1 on: without a labeler it cannot continue the wrong attempt.
    private const string RightReworded = "2 bags of 7 beads are 2 * 7 = 14 beads.\n10 + 14 = 24 beads in all.\nThe answer is 24.";

    private readonly string _run = Directory.CreateTempSubdirectory("mc-selftalk-improve-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private static ExploredSolution Solution(string text, bool right) => new(text, right ? "24" : StepSegmenter.Split(text)[^1].Text, right, right, 30, 40);

    /// <summary>The critic's critique of <see cref="WrongAtStep2"/>: step 1 right, step 2 wrong.</summary>
    private static string CritiqueOfWrongAtStep2() => CritiqueFormatter.Format(new Critique(
        [
            new StepVerdict(1, "He gets 2 * 7 = 14 beads.", Verdict.Correct, "2 * 7 = 14."),
            new StepVerdict(2, "He has 17 + 14 = 31 beads.", Verdict.Wrong, Explanation),
        ], Verdict.Wrong, "The answer should be 24."));

    /// <summary>
    /// Critique arm, iteration 1: sample 0 wrong at step 2, critiqued, one refinement wrong and one verified; sample 1
    /// right first time. Vanilla arm, iteration 2: a right first attempt and a wrong one (no critic there).
    /// </summary>
    private async Task WriteRunAsync()
    {
        await RunManifest.CheckAsync(_run, new { ProblemSource = "lab: train split levels 2, 1 per level; test split levels 2, 1 per level; seed examples 0 per level; generator seed 2024, lab prompts" });
        var critique = new CritiqueRound(CritiqueOfWrongAtStep2(), SaysWrong: true, StatesAnswer: true, 50, 60,
            [Solution(WrongAtStep1, right: false), Solution(Right, right: true)]);
        await WriteAsync(SelfImprovementArm.Critique, 1, new ProblemExploration(Beads.Id, Beads.Level, Beads.Question, Beads.ReferenceAnswer, null, 0,
            [new ExploredSample(0, Solution(WrongAtStep2, right: false), [critique]), new ExploredSample(1, Solution(RightReworded, right: true), [])]));
        await WriteAsync(SelfImprovementArm.Vanilla, 2, new ProblemExploration(Beads.Id, Beads.Level, Beads.Question, Beads.ReferenceAnswer, null, 0,
            [new ExploredSample(0, Solution(RightReworded, right: true), []), new ExploredSample(1, Solution(WrongAtStep1, right: false), [])]));
    }

    private async Task WriteAsync(SelfImprovementArm arm, int iteration, ProblemExploration exploration)
    {
        var files = new IterationDirectory(_run, arm, iteration);
        Directory.CreateDirectory(files.Path);
        await using var store = await JsonlRecordStore<ProblemExploration>.OpenAsync(files.Exploration);
        await store.AppendAsync(exploration);
    }

    [Fact]
    public async Task Records_name_their_arm_iteration_problem_and_sample_and_only_critiqued_ones_carry_a_critique()
    {
        await WriteRunAsync();
        Assert.True(ImproveRunRecords.IsRunDirectory(_run));

        var run = await ImproveRunRecords.ReadAsync(_run);

        Assert.Equal(
            ["critique/iteration-1/beads/sample-0", "critique/iteration-1/beads/sample-0/round-1/refinement-2", "critique/iteration-1/beads/sample-1", "vanilla/iteration-2/beads/sample-0"],
            run.Records.Select(r => r.Id));
        var critiqued = Assert.Single(run.Records, r => r.Annotator.Length > 0);
        Assert.Equal((WrongAtStep2, 2, Verdict.Wrong), (critiqued.Solution, critiqued.FirstWrongStep, critiqued.FinalVerdict));
        Assert.Equal(Explanation, critiqued.StepVerdicts.Single(v => v.Step == 2).Explanation);
        Assert.Equal((2, 1, true), (critiqued.RefinementSamples, critiqued.RefinementCorrect, critiqued.Kept));
        Assert.All(run.Records.Where(r => r != critiqued), r => Assert.True(r.SolutionCorrect && r.Critique.Length == 0 && r.StepVerdicts.Count == 0));
        Assert.Equal(new SourceRecords(1, 2), run.BySource["critique/iteration-1"]);
        Assert.Equal(new SourceRecords(0, 1), run.BySource["vanilla/iteration-2"]);
        Assert.Equal(Beads.Question, Assert.Single(run.Problems).Question);

        // A run stopped mid-write left a torn line: it is read past, and the run's file is left as it is (improve resumes from it).
        var exploration = new IterationDirectory(_run, SelfImprovementArm.Vanilla, 2).Exploration;
        await File.AppendAllTextAsync(exploration, "{\"id\":\"beads\",\"lev");
        var before = await File.ReadAllBytesAsync(exploration);
        var vanilla = await ImproveRunRecords.ReadAsync(_run, arms: [SelfImprovementArm.Vanilla]);
        Assert.Equal(before, await File.ReadAllBytesAsync(exploration));
        Assert.Single(vanilla.Records);
        Assert.Equal(["vanilla/iteration-2"], vanilla.BySource.Keys);
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => ImproveRunRecords.ReadAsync(_run, iterations: [3]));
        Assert.Contains(_run, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_from_an_improve_run_flags_the_step_the_critique_flags_and_corrects_it_with_the_verified_refinement()
    {
        await WriteRunAsync();
        var output = Path.Combine(_run, "selftalk");

        var result = await SelfTalkBuild.RunAsync(new SelfTalkBuildOptions { From = _run, Directory = output, Prompts = PaperPrompts.Create() });

        var trace = Assert.Single(result.Dataset.Traces);
        Assert.Equal(["critique/iteration-1/beads/sample-0", "critique/iteration-1/beads/sample-0/round-1/refinement-2"], trace.Sources);
        Assert.Equal([2], trace.FlaggedSteps);
        var parsed = SelfTalkParser.Parse(trace.Text);
        var flag = Assert.Single(parsed.Checks, c => c.Verdict == Verdict.Wrong);
        Assert.Equal(2, flag.Step);
        Assert.Contains(Explanation, flag.Explanation, StringComparison.Ordinal);
        Assert.Equal(Right, trace.FinalSolution);
        Assert.Equal(Right, parsed.FinalAnswerText);
        // The uncritiqued right solutions make no trace and no drop, but join the plain-CoT candidates.
        Assert.Empty(result.Dataset.Dropped);
        Assert.Contains(RightReworded, result.Dataset.RightSolutions[Beads.Id]);
        Assert.Contains(Right, result.Dataset.RightSolutions[Beads.Id]);

        Assert.Equal(SelfTalkStats.ImproveLayout, result.Stats.Layout);
        Assert.Equal(4, result.Stats.Records);
        var stats = await File.ReadAllTextAsync(Path.Combine(output, SelfTalkBuild.StatsFile));
        Assert.Contains("Read from an improve run directory", stats, StringComparison.Ordinal);
        Assert.Contains("| critique/iteration-1 | 1 | 2 |", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_problems_that_are_not_the_improve_runs_are_refused_naming_the_problem()
    {
        await WriteRunAsync();
        var other = Beads with { Question = "Ann has 10 beads. She gets 2 bags of 7 beads. How many beads does she have?" };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SelfTalkBuild.RunAsync(new SelfTalkBuildOptions
        {
            From = _run,
            Directory = Path.Combine(_run, "selftalk"),
            Prompts = PaperPrompts.Create(),
            Problems = [other],
        }));
        Assert.Contains("problem beads", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--train-per-level", refused.Message, StringComparison.Ordinal);
    }
}
