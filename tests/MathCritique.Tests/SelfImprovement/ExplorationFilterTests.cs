using MathCritique.SelfImprovement;

namespace MathCritique.Tests.SelfImprovement;

public sealed class ExplorationFilterTests
{
    private const string Reference = "He has 26 - 20 = 6 left.\nHe has 6 - 5 = 1 left.\nHe has 1 + 12 = 13.\nThe answer is 13.";
    private const string Right = "He has 26 - 20 = 6 left.\nHe has 6 - 5 = 1 left.\nHe has 1 + 12 = 13.\nThe answer is 13.";
    private const string Wrong = "He has 26 - 20 = 6 left.\nHe has 6 - 5 = 2 left.\nHe has 2 + 12 = 14.\nThe answer is 14.";

    private static ExploredSolution Solution(string text, bool correct, bool? steps = null) => new(text, correct ? "13" : "14", correct, steps, 10, 20);

    private static ProblemExploration Problem(params ExploredSample[] samples) => new("p1", 3, "Raj has 26 stickers...", "13", Reference, 0, samples);

    private static ExploredSample Sample(int index, ExploredSolution attempt, params CritiqueRound[] rounds) => new(index, attempt, rounds);

    private static CritiqueRound Round(bool statesAnswer, params ExploredSolution[] refinements) => new("Step 2 is wrong.", true, statesAnswer, 30, 40, refinements);

    [Fact]
    public void A_refinement_that_jumps_to_the_answer_is_dropped_by_the_shortcut_barrier_and_a_worked_one_is_kept()
    {
        var exploration = Problem(Sample(0, Solution(Wrong, false), Round(false, Solution("The answer is 13.", true), Solution(Right, true))));
        var filtered = ExplorationFilter.Apply([exploration], new ExplorationFilterOptions());

        var refinements = filtered.Decisions.Where(d => d.Source == SolutionSource.Refinement).ToArray();
        Assert.Equal([ExplorationFilter.Shortcut, ExplorationFilter.Kept], refinements.Select(d => d.Reason));
        var kept = Assert.Single(filtered.Kept);
        Assert.Equal(SolutionSource.Refinement, kept.Source);
        Assert.Equal(Wrong, kept.WrongSolution);
        Assert.Equal("Step 2 is wrong.", kept.Critique);
        // With a slack wide enough, the short one passes (and then the worked one is a second refinement of the same attempt).
        var lenient = ExplorationFilter.Apply([exploration], new ExplorationFilterOptions { ShortcutSlack = 20 });
        Assert.Equal([ExplorationFilter.Kept, ExplorationFilter.OnePerWrongAttempt], lenient.Decisions.Where(d => d.Source == SolutionSource.Refinement).Select(d => d.Reason));
    }

    [Fact]
    public void A_refinement_whose_critique_states_the_answer_is_flagged_and_dropped_only_when_asked()
    {
        var exploration = Problem(Sample(0, Solution(Wrong, false), Round(true, Solution(Right, true))));
        var flagged = Assert.Single(ExplorationFilter.Apply([exploration], new ExplorationFilterOptions()).Decisions, d => d.Source == SolutionSource.Refinement);
        Assert.True(flagged.Kept);
        Assert.True(flagged.CritiqueStatesAnswer);
        var dropped = Assert.Single(ExplorationFilter.Apply([exploration], new ExplorationFilterOptions { DropWhenCritiqueStatesAnswer = true }).Decisions, d => d.Source == SolutionSource.Refinement);
        Assert.False(dropped.Kept);
        Assert.Equal(ExplorationFilter.AnswerGivenAway, dropped.Reason);
    }

    [Fact]
    public void Caps_bound_first_attempts_and_refinements_per_problem()
    {
        // Four distinct right first attempts, three wrong ones each with a right refinement.
        var right = Enumerable.Range(0, 4).Select(i => Sample(i, Solution(Right + new string('!', i), true))).ToArray();
        var wrong = Enumerable.Range(4, 3).Select(i => Sample(i, Solution(Wrong, false), Round(false, Solution(Right + " " + new string('?', i), true)))).ToArray();
        var filtered = ExplorationFilter.Apply([Problem([.. right, .. wrong])], new ExplorationFilterOptions { MaxFirstAttemptsPerProblem = 2, MaxRefinementsPerProblem = 1 });

        Assert.Equal(2, filtered.Kept.Count(k => k.Source == SolutionSource.FirstAttempt));
        Assert.Equal(1, filtered.Kept.Count(k => k.Source == SolutionSource.Refinement));
        Assert.Equal(2, filtered.Decisions.Count(d => d.Source == SolutionSource.FirstAttempt && d.Reason == ExplorationFilter.Cap));
        Assert.Equal(2, filtered.Decisions.Count(d => d.Source == SolutionSource.Refinement && d.Reason == ExplorationFilter.Cap));
        Assert.Equal(3, filtered.Decisions.Count(d => d.Reason == ExplorationFilter.WrongAnswer));
    }

    [Fact]
    public void Identical_solutions_are_kept_once_whitespace_aside_across_waves_and_sources()
    {
        var first = Problem(Sample(0, Solution(Right, true)), Sample(1, Solution(Right.Replace("\n", "  \n", StringComparison.Ordinal), true)));
        var second = first with { Wave = 1, Samples = [Sample(2, Solution(Wrong, false), Round(false, Solution(Right, true)))] };
        var filtered = ExplorationFilter.Apply([first, second], new ExplorationFilterOptions());

        Assert.Single(filtered.Kept);
        Assert.Equal([ExplorationFilter.Kept, ExplorationFilter.Duplicate, ExplorationFilter.WrongAnswer, ExplorationFilter.Duplicate], filtered.Decisions.Select(d => d.Reason));
    }

    [Fact]
    public void A_right_answer_by_wrong_steps_is_not_trained_on_and_its_reason_says_so()
    {
        var filtered = ExplorationFilter.Apply([Problem(Sample(0, Solution(Wrong, correct: true, steps: false)))], new ExplorationFilterOptions());
        Assert.Empty(filtered.Kept);
        Assert.Equal(ExplorationFilter.WrongSteps, Assert.Single(filtered.Decisions).Reason);
    }
}
