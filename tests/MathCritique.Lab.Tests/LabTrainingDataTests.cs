using MathCritique.Critiques;

namespace MathCritique.Lab.Tests;

public class LabTrainingDataTests
{
    private static readonly LabStepChecker Checker = new();

    [Theory]
    [InlineData(LabCorruptor.CalculationError)]
    [InlineData(LabCorruptor.WrongQuantity)]
    [InlineData(LabCorruptor.WrongOperation)]
    public void Flawed_solutions_carry_the_mistake_forward_to_a_wrong_answer(string mistake)
    {
        var flawed = new LabFlawedSolutions(new LabCorruptor());
        int made = 0;
        foreach (var problem in LabFixtures.Many(perLevel: 20).Where(p => p.Steps.Count >= 2))
        {
            for (int step = 1; step <= problem.Steps.Count; step++)
            {
                if (flawed.Create(problem, step, mistake, (ulong)step) is not { } text)
                    continue;
                made++;
                var check = Checker.Check(problem, text);
                Assert.Equal(step, check.FirstWrongStep);
                Assert.Equal(LabCorruptor.ExpectedError(mistake), check.FirstError);
                Assert.False(check.IsCorrect);
                // Later steps are redone from the wrong value, so their arithmetic holds (rounded division aside).
                var lines = text.Split('\n');
                Assert.Equal(problem.Steps.Count + 1, lines.Length);
                Assert.StartsWith("The answer is ", lines[^1], StringComparison.Ordinal);
            }
        }
        Assert.True(made > 50, $"only {made} flawed solutions could be made");
    }

    [Fact]
    public void Training_data_is_deterministic_and_has_every_kind()
    {
        var mix = new LabTrainingMix { SolvePerLevel = 10, FixPerLevel = 10, KeepPerLevel = 5, CritiquePerLevel = 10 };
        var a = new LabTrainingData(LabPrompts.Create(), seed: 5).Build(mix);
        var b = new LabTrainingData(LabPrompts.Create(), seed: 5).Build(mix);
        Assert.Equal(a, b);
        Assert.Equal(10 * 5, a.Count(e => e.Kind == "solve"));
        Assert.Equal(5 * 5, a.Count(e => e.Kind == "refine-keep"));
        Assert.InRange(a.Count(e => e.Kind == "refine-fix"), 45, 50);
        Assert.Equal(10 * 5, a.Count(e => e.Kind == "critique"));
        Assert.Equal([1, 2, 3, 4, 5], a.Select(e => e.Level).Distinct().Order());
    }

    [Fact]
    public void Fix_examples_teach_the_reference_solution_from_an_exact_critique_of_a_wrong_one()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 3);
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 20, KeepPerLevel = 0 });
        Assert.NotEmpty(examples);
        foreach (var e in examples)
        {
            Assert.Contains("Correctness of the step: Wrong", e.Prompt, StringComparison.Ordinal);
            Assert.Contains("Correctness of the final answer: Wrong", e.Prompt, StringComparison.Ordinal);
            Assert.EndsWith(".", e.Completion, StringComparison.Ordinal);
            Assert.Contains("The answer is ", e.Completion, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Critique_examples_are_what_the_parser_reads_back_with_the_checkers_first_error()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 9);
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, CritiquePerLevel = 30 });
        int wrong = 0;
        foreach (var e in examples)
        {
            var parsed = CritiqueParser.Parse(e.Completion);
            Assert.False(parsed.IsEmpty);
            Assert.Empty(parsed.Issues);
            if (parsed.Critique.RejectsSolution)
            {
                wrong++;
                Assert.NotNull(parsed.Critique.FirstWrongStep);
            }
        }
        Assert.InRange(wrong, 30, 120);
    }

    [Fact]
    public void Step_checks_judge_the_last_step_of_a_cut_solution_like_the_whole_critique_does()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 4);
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, CheckPerLevel = 40 });
        Assert.Equal(40 * 5, examples.Count(e => e.Kind == "check"));
        int wrong = 0;
        foreach (var e in examples)
        {
            var parsed = CritiqueParser.Parse(e.Completion);
            var step = Assert.Single(parsed.Critique.Steps);
            var lines = e.Prompt.Split('\n');
            Assert.Equal("Check the last step.", lines[0]);
            Assert.StartsWith("Numbers: ", lines[1], StringComparison.Ordinal);
            Assert.Equal(lines[^1], step.StepText);
            if (step.Verdict == Verdict.Wrong)
            {
                wrong++;
                continue;
            }
            // A step judged right has right sums (division's rounding aside).
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(step.StepText, @"(\d+) ([-+*]) (\d+) = (\d+)"))
            {
                long a = long.Parse(m.Groups[1].Value), b = long.Parse(m.Groups[3].Value), c = long.Parse(m.Groups[4].Value);
                Assert.Equal(m.Groups[2].Value switch { "+" => a + b, "-" => a - b, _ => a * b }, c);
            }
        }
        Assert.InRange(wrong, 40, 160);
    }

    [Fact]
    public void With_check_lines_every_drill_step_judged_wrong_has_a_bad_mark_and_every_right_one_none()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 4, new LabOracleOptions { WriteChecks = true });
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, CheckPerLevel = 60 });
        int wrong = 0;
        foreach (var e in examples)
        {
            var step = Assert.Single(CritiqueParser.Parse(e.Completion).Critique.Steps);
            Assert.NotEqual("", step.Check);
            // Plan errors are left out of the drill: without the question nothing on the line could show them.
            bool bad = LabCheckLines.HasBadMark(step.Check);
            Assert.Equal(step.Verdict == Verdict.Wrong, bad);
            wrong += bad ? 1 : 0;
        }
        Assert.InRange(examples.Count, 150, 300);
        Assert.InRange(wrong, 40, 200);
    }

    [Fact]
    public void Lookup_drill_uses_a_number_not_at_hand_in_half_its_steps_and_cuts_at_the_judged_step()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 5, new LabOracleOptions { WriteChecks = true });
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, LookupPerLevel = 80 });
        Assert.All(examples, e => Assert.Equal("lookup", e.Kind));
        int notAtHand = 0, slips = 0, right = 0, both = 0;
        foreach (var e in examples)
        {
            var step = Assert.Single(CritiqueParser.Parse(e.Completion).Critique.Steps);
            Assert.Equal(e.Prompt.Split('\n')[^1], step.StepText);
            Assert.Contains(" = ", step.StepText, StringComparison.Ordinal);
            // The operands' marks match the prompt: a number marked "new" is nowhere in Numbers or an earlier step.
            var earlier = e.Prompt.Split('\n')[1]["Numbers: ".Length..] + " " + string.Join(" ", e.Prompt.Split('\n')[3..^1]);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(step.Check, @"(\d+) new"))
                Assert.DoesNotMatch($@"(?<![\d.]){m.Groups[1].Value}(?![\d.])", earlier);
            // A wrong operand and a wrong result in one step, as the actor writes them ("180 + 15 = 165" for 108 + 15).
            if (step.Check.Contains(" new,", StringComparison.Ordinal) && LabCheckLines.Marks(step.Check).Contains("not"))
                both++;
            if (step.Check.Contains(" new,", StringComparison.Ordinal))
                notAtHand++;
            else if (step.Verdict == Verdict.Wrong)
                slips++;
            else
                right++;
        }
        Assert.InRange(notAtHand, examples.Count * 0.35, examples.Count * 0.65);
        Assert.InRange(both, notAtHand * 0.2, notAtHand * 0.45);
        Assert.InRange(slips, examples.Count * 0.15, examples.Count * 0.35);
        Assert.InRange(right, examples.Count * 0.15, examples.Count * 0.35);
    }

    [Fact]
    public void Reuse_drill_uses_a_number_used_already_in_half_its_steps_and_marks_it()
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 6, new LabOracleOptions { WriteChecks = true, CheckStyle = LabCheckStyle.ScanPairs });
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, ReusePerLevel = 80 });
        Assert.All(examples, e => Assert.Equal("reuse", e.Kind));
        int reused = 0, right = 0;
        foreach (var e in examples)
        {
            var step = Assert.Single(CritiqueParser.Parse(e.Completion).Critique.Steps);
            Assert.Equal(e.Prompt.Split('\n')[^1], step.StepText);
            bool used = LabCheckLines.Marks(step.Check).Contains("used");
            // Wrong exactly when an operand is used again, and then the explanation names it.
            Assert.Equal(used ? Verdict.Wrong : Verdict.Correct, step.Verdict);
            if (used)
            {
                var number = System.Text.RegularExpressions.Regex.Match(step.Check, @"(?<!\d)(\d+) vs \1 yes (?:given|earlier), used").Groups[1].Value;
                Assert.StartsWith($"{number} is used already.", step.Explanation, StringComparison.Ordinal);
                // It was an operand before: earlier in the solution, or earlier in this step.
                var before = string.Join("\n", e.Prompt.Split('\n')[3..]);
                Assert.True(System.Text.RegularExpressions.Regex.Matches(before, $@"(?<![\d.]){number}(?= [-+*/])|(?<=[-+*/] ){number}(?![\d.])").Count >= 2, before);
                reused++;
            }
            else
                right++;
        }
        Assert.InRange(reused, examples.Count * 0.35, examples.Count * 0.65);
        Assert.InRange(right, examples.Count * 0.35, examples.Count * 0.65);
    }

    [Theory]
    [InlineData(LabCheckStyle.Marks)]
    [InlineData(LabCheckStyle.Scan)]
    [InlineData(LabCheckStyle.ScanPairs)]
    [InlineData(LabCheckStyle.ScanDigits)]
    public void Answer_drill_judges_answer_lines_half_of_which_state_another_number_than_the_last_result(LabCheckStyle style)
    {
        var data = new LabTrainingData(LabPrompts.Create(), seed: 9, new LabOracleOptions { WriteChecks = true, CheckStyle = style });
        var examples = data.Build(new LabTrainingMix { SolvePerLevel = 0, FixPerLevel = 0, KeepPerLevel = 0, AnswerPerLevel = 60 });
        Assert.Equal(300, examples.Count);
        int wrong = 0;
        foreach (var e in examples)
        {
            Assert.Equal("answer", e.Kind);
            var step = Assert.Single(CritiqueParser.Parse(e.Completion).Critique.Steps);
            var lines = e.Prompt.Split('\n');
            Assert.Equal(lines[^1], step.StepText);
            Assert.StartsWith("The answer is ", step.StepText, StringComparison.Ordinal);
            // The judged answer is wrong exactly when it is not the last step's result, and the check line says which.
            string last = lines[^2][(lines[^2].LastIndexOf(" = ", StringComparison.Ordinal) + 3)..].Split(' ')[0];
            bool isLast = step.StepText == $"The answer is {last}.";
            Assert.Equal(isLast ? Verdict.Correct : Verdict.Wrong, step.Verdict);
            Assert.Equal(isLast ? ["last"] : ["not last"], LabCheckLines.Marks(step.Check).ToArray());
            if (!isLast)
                wrong++;
        }
        Assert.InRange(wrong, examples.Count * 0.4, examples.Count * 0.6);
    }
}

public class LabStepCheckEvaluatorTests
{
    [Fact]
    public void Summary_counts_verdicts_against_the_checker_per_level_and_overall()
    {
        LabStepCheckRecord R(int level, bool wrong, Critiques.Verdict judged, bool copied = true, bool marked = false) => new("x", level, wrong, judged, copied, "", "") { WrongMarked = marked };
        var records = new[]
        {
            R(1, false, Critiques.Verdict.Correct), R(1, true, Critiques.Verdict.Correct, marked: true), R(1, true, Critiques.Verdict.Wrong, copied: false),
            R(2, false, Critiques.Verdict.Wrong), R(2, true, Critiques.Verdict.Unknown),
        };
        var levels = LabStepCheckEvaluator.Summarize(records);
        Assert.Equal(["1", "2", "**all**"], levels.Select(l => l.Level));
        Assert.Equal(new LabStepCheckLevel("1", 3, 2, 2 / 3.0, 0.5, 1.0, 2 / 3.0, 0.0), levels[0]);
        Assert.Equal(new LabStepCheckLevel("2", 2, 1, 0.0, 0.0, 0.0, 1.0, double.NaN), levels[1]);
        Assert.Equal(new LabStepCheckLevel("**all**", 5, 3, 0.4, 1 / 3.0, 0.5, 0.8, 0.0), levels[2]);
        Assert.Contains("| 1 | 3 | 2 | 66.7% | 50.0% | 100.0% | 66.7% | 0.0% |", LabStepCheckEvaluator.ToMarkdown(levels), StringComparison.Ordinal);
    }

    [Fact]
    public void Marks_are_counted_against_the_exact_check_line_only_where_the_decisions_line_up()
    {
        static LabStepCheckRecord R(string expected, string? written, bool copied = true) => new("x", 1, false, Critiques.Verdict.Correct, copied, "",
            "Step sentence: s\n" + (written is null ? "" : $"Check: {written}\n") + "Correctness of the step: Correct\nExplanation: e") { ExpectedCheck = expected };
        var records = new[]
        {
            R("68 new, 4 given, 68 - 4 = 64 same.", "68 given, 4 given, 68 - 4 = 64 same."),
            R("27 given, 15 earlier, 27 + 15 = 42 not 41.", "27 given, 15 earlier, 27 + 15 = 42 same."),
            R("42 last.", "42 not last."),
            R("68 new, 4 given, 68 - 4 = 64 same.", "68 new, 4 given, 68 - 4 = 64 same.", copied: false), // another step: skipped
            R("68 new, 4 given, 68 - 4 = 64 same.", "68 given, 68 - 4 = 64 same."),                      // a mark missing: skipped
            R("nothing to compute.", null),
        };
        var counts = LabStepCheckEvaluator.CountMarks(records);
        Assert.Equal(
            ["answer last→not last 1", "operand earlier→earlier 1", "operand given→given 2", "operand new→given 1", "redo the true sum→the true sum 2", "sum not→same 1", "sum same→same 1"],
            counts.Select(c => $"{c.Decision} {c.Expected}→{c.Written} {c.Count}"));
        // A critic that copies the stated result instead of redoing the sum.
        var copied = LabStepCheckEvaluator.CountMarks([R("3 given, 14 given, 3 * 14 = 42 not 44.", "3 given, 14 given, 3 * 14 = 44 same.")]);
        Assert.Contains(copied, c => c is { Decision: "redo", Written: "another number", Count: 1 });
        Assert.Contains("| operand | new | given | 1 |", LabStepCheckEvaluator.MarksToMarkdown(counts), StringComparison.Ordinal);
        Assert.Equal(["given", "earlier", "not", "last", "not last", "cannot"], LabCheckLines.Marks("3 given, 4 earlier, 3 + 4 = 7 not 8, 7 last, 9 not last, 1 / 0 cannot be computed, nothing"));
    }
}
