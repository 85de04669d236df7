using System.Text.RegularExpressions;
using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Solutions;

namespace MathCritique.Lab.Tests;

public class LabOracleAnnotatorTests
{
    private readonly LabOracleAnnotator _oracle = new();
    private readonly LabStepChecker _checker = new();

    [Fact]
    public void Correct_solution_gets_all_correct_and_parses_back()
    {
        var text = CritiqueFormatter.Format(_oracle.Critique(LabFixtures.Mia, LabFixtures.Mia.ReferenceSolution));
        Assert.Contains("Explanation: 3 * 14 = 42 is correct.", text);
        var parsed = CritiqueParser.Parse(text);
        Assert.Empty(parsed.Issues);
        Assert.Equal(4, parsed.Critique.Steps.Count);
        Assert.All(parsed.Critique.Steps, s => Assert.Equal(Verdict.Correct, s.Verdict));
        Assert.Equal(Verdict.Correct, parsed.Critique.FinalAnswer);
    }

    [Fact]
    public void Slip_is_explained_and_later_steps_are_not_judged()
    {
        var critique = _oracle.Critique(LabFixtures.Mia, "She gets 3 * 14 = 44 apples.\nShe has 23 + 44 = 67 apples.\nShe has 67 - 17 = 50 apples left.\nThe answer is 50.");
        Assert.Single(critique.Steps);
        Assert.Equal(Verdict.Wrong, critique.Steps[0].Verdict);
        Assert.Equal("3 * 14 is 42, not 44.", critique.Steps[0].Explanation);
        Assert.Equal(Verdict.Wrong, critique.FinalAnswer);
        Assert.Equal("The answer 50 is wrong because of step 1.", critique.FinalExplanation);
    }

    [Theory]
    [InlineData("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 17 = 48 apples left.\nThe answer is 48.",
        "3 given, 14 given, 3 * 14 = 42 same.|23 given, 42 earlier, 23 + 42 = 65 same.|65 earlier, 17 given, 65 - 17 = 48 same.|48 last.")]
    [InlineData("She gets 3 * 14 = 44 apples.\nShe has 23 + 44 = 67 apples.\nThe answer is 67.", "3 given, 14 given, 3 * 14 = 42 not 44.")]
    [InlineData("She gets 3 * 15 = 45 apples.\nThe answer is 45.", "3 given, 15 new, 3 * 15 = 45 same.")]
    [InlineData("She gets 3 * 14 = 42 apples.\nThe answer is 24.", "3 given, 14 given, 3 * 14 = 42 same.|24 not last.")]
    [InlineData("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 17 = 46 apples left.\nThe answer is 46.",
        "3 given, 14 given, 3 * 14 = 42 same.|23 given, 42 earlier, 23 + 42 = 65 same.|65 earlier, 17 given, 65 - 17 is not 46.")]
    [InlineData("Mia counts her apples.\nThe answer is 48.", "nothing to compute.|48 not last.")]
    [InlineData("She gets 14 * 14 = 196 apples.\nThe answer is 196.", "14 given, 14 given used, 14 * 14 = 196 same.")]
    public void Check_lines_mark_each_operand_and_redo_each_computation(string solution, string expected)
    {
        var oracle = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true });
        var critique = oracle.Critique(LabFixtures.Mia, solution);
        Assert.Equal(expected, string.Join("|", critique.Steps.Select(s => s.Check)));
        // The line sits between the step and its verdict, and the parser keeps it with its step.
        var text = critique.ToString();
        Assert.Contains($"Step sentence: {critique.Steps[0].StepText}\nCheck: {critique.Steps[0].Check}\nCorrectness of the step: ", text);
        var parsed = CritiqueParser.Parse(text);
        Assert.Empty(parsed.Issues);
        Assert.Equal(critique.Steps, parsed.Critique.Steps);
        Assert.Equal(critique.FinalAnswer, parsed.Critique.FinalAnswer);
    }

    [Theory]
    [InlineData(LabCheckStyle.Scan, "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nThe answer is 65.",
        "3: 23 no, 3 yes given; 14: 23 no, 3 no, 14 yes given; 3 * 14 = 42 vs 42 same.|23: 23 yes given; 42: 23 no, 3 no, 14 no, 17 no, 42 yes earlier; 23 + 42 = 65 vs 65 same.|65 vs 65 last.")]
    [InlineData(LabCheckStyle.Scan, "She gets 3 * 15 = 44 apples.\nThe answer is 44.", "3: 23 no, 3 yes given; 15: 23 no, 3 no, 14 no, 17 no, new; 3 * 15 = 45 vs 44 not.|44 vs 44 last.")]
    [InlineData(LabCheckStyle.Scan, "She gets 3 * 14 = 42 apples.\nThe answer is 24.", "3: 23 no, 3 yes given; 14: 23 no, 3 no, 14 yes given; 3 * 14 = 42 vs 42 same.|24 vs 42 not last.")]
    [InlineData(LabCheckStyle.Scan, "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 17 = 46 apples left.\nThe answer is 46.",
        "3: 23 no, 3 yes given; 14: 23 no, 3 no, 14 yes given; 3 * 14 = 42 vs 42 same.|23: 23 yes given; 42: 23 no, 3 no, 14 no, 17 no, 42 yes earlier; 23 + 42 = 65 vs 65 same.|65: 23 no, 3 no, 14 no, 17 no, 42 no, 65 yes earlier; 17: 23 no, 3 no, 14 no, 17 yes given; 65 - 17 = 48 vs 46 not.|46 vs 46 last.")]
    // Pairs: the operand beside each number it is compared with, the sum redone as "makes", the last result first.
    [InlineData(LabCheckStyle.ScanPairs, "She gets 3 * 15 = 44 apples.\nThe answer is 44.", "3: 23 vs 3 no, 3 vs 3 yes given; 15: 23 vs 15 no, 3 vs 15 no, 14 vs 15 no, 17 vs 15 no, new; 3 * 15 makes 45 vs 44 not.|before = 44; answer is 44 vs 44 last.")]
    [InlineData(LabCheckStyle.ScanPairs, "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nThe answer is 56.",
        "3: 23 vs 3 no, 3 vs 3 yes given; 14: 23 vs 14 no, 3 vs 14 no, 14 vs 14 yes given; 3 * 14 makes 42 vs 42 same.|23: 23 vs 23 yes given; 42: 23 vs 42 no, 3 vs 42 no, 14 vs 42 no, 17 vs 42 no, 42 vs 42 yes earlier; 23 + 42 makes 65 vs 65 same.|before = 65; answer is 56 vs 65 not last.")]
    // Digits: a sum, difference or product written units first (zeros to the longer operand's width), a quotient not.
    [InlineData(LabCheckStyle.ScanPairs, "She gets 3 * 14 = 42 apples.\nShe has 3 + 42 = 45 apples.",
        "3: 23 vs 3 no, 3 vs 3 yes given; 14: 23 vs 14 no, 3 vs 14 no, 14 vs 14 yes given; 3 * 14 makes 42 vs 42 same.|3: 23 vs 3 no, 3 vs 3 yes given, used; 42: 23 vs 42 no, 3 vs 42 no, 14 vs 42 no, 17 vs 42 no, 42 vs 42 yes earlier; 3 + 42 makes 45 vs 45 same.")]
    [InlineData(LabCheckStyle.ScanDigits, "She gets 3 * 15 = 44 apples.\nThe answer is 44.", "3: 23 vs 3 no, 3 vs 3 yes given; 15: 23 vs 15 no, 3 vs 15 no, 14 vs 15 no, 17 vs 15 no, new; 3 * 15 from right 54 makes 45 vs 44 not.|before = 44; answer is 44 vs 44 last.")]
    [InlineData(LabCheckStyle.ScanDigits, "She has 23 - 17 = 6 apples left.\nShe keeps 6 / 3 = 2 apples.",
        "23: 23 vs 23 yes given; 17: 23 vs 17 no, 3 vs 17 no, 14 vs 17 no, 17 vs 17 yes given; 23 - 17 from right 60 makes 6 vs 6 same.|6: 23 vs 6 no, 3 vs 6 no, 14 vs 6 no, 17 vs 6 no, 6 vs 6 yes earlier; 3: 23 vs 3 no, 3 vs 3 yes given; 6 / 3 makes 2 vs 2 same.")]
    [InlineData(LabCheckStyle.ScanDigits, "She gets 14 * 3 = 42 apples.\nShe has 23 + 42 = 56 apples.",
        "14: 23 vs 14 no, 3 vs 14 no, 14 vs 14 yes given; 3: 23 vs 3 no, 3 vs 3 yes given; 14 * 3 from right 24 makes 42 vs 42 same.|23: 23 vs 23 yes given; 42: 23 vs 42 no, 3 vs 42 no, 14 vs 42 no, 17 vs 42 no, 42 vs 42 yes earlier; 23 + 42 from right 56 makes 65 vs 56 not.")]
    public void Scan_check_lines_compare_each_operand_with_the_numbers_at_hand_in_turn(LabCheckStyle style, string solution, string expected)
    {
        var oracle = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, CheckStyle = style, StopAfterFirstError = false });
        var critique = oracle.Critique(LabFixtures.Mia, solution);
        Assert.Equal(expected, string.Join("|", critique.Steps.Select(s => s.Check)));
        var parsed = CritiqueParser.Parse(critique.ToString());
        Assert.Empty(parsed.Issues);
        Assert.Equal(critique.Steps, parsed.Critique.Steps);
    }

    [Fact]
    public void Scan_and_mark_check_lines_make_the_same_decisions_and_redo_the_same_sums()
    {
        var marks = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, StopAfterFirstError = false });
        var scan = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, StopAfterFirstError = false, CheckStyle = LabCheckStyle.Scan });
        var pairs = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, StopAfterFirstError = false, CheckStyle = LabCheckStyle.ScanPairs });
        var digits = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, StopAfterFirstError = false, CheckStyle = LabCheckStyle.ScanDigits });
        var corruptor = new LabCorruptor();
        int compared = 0, withDigits = 0;
        foreach (var problem in LabFixtures.Many(perLevel: 10, seed: 3))
        {
            var steps = StepSegmenter.Split(problem.ReferenceSolution).Select(s => s.Text).ToArray();
            var solutions = new List<string> { problem.ReferenceSolution };
            foreach (var mistake in new[] { LabCorruptor.WrongQuantity, LabCorruptor.CalculationError, LabCorruptor.ReusedNumber })
            {
                int k = 1 + compared % steps.Length;
                if (corruptor.Insert(problem, steps, k, mistake, (ulong)compared) is { } rewritten)
                    solutions.Add(string.Join('\n', steps.Take(k - 1).Append(rewritten).Concat(steps.Skip(k))));
            }
            foreach (var solution in solutions)
            {
                var a = marks.Critique(problem, solution).Steps;
                var b = scan.Critique(problem, solution).Steps;
                var c = pairs.Critique(problem, solution).Steps;
                var d = digits.Critique(problem, solution).Steps;
                Assert.Equal(a.Count, b.Count);
                Assert.Equal(b.Select(s => s.Verdict), c.Select(s => s.Verdict));
                Assert.Equal(c.Select(s => s.Verdict), d.Select(s => s.Verdict));
                for (int i = 0; i < a.Count; i++)
                {
                    Assert.Equal(LabCheckLines.Marks(a[i].Check), LabCheckLines.Marks(b[i].Check));
                    // The scan style also redoes a sum whose true result the mark style hides ("is not 46").
                    if (!a[i].Check.Contains("is not", StringComparison.Ordinal))
                        Assert.Equal(LabCheckLines.RedoneSums(a[i].Check), LabCheckLines.RedoneSums(b[i].Check));
                    Assert.Equal(LabCheckLines.HasBadMark(a[i].Check), LabCheckLines.HasBadMark(b[i].Check));
                    Assert.Equal(LabCheckLines.Marks(b[i].Check), LabCheckLines.Marks(c[i].Check));
                    Assert.Equal(LabCheckLines.RedoneSums(b[i].Check), LabCheckLines.RedoneSums(c[i].Check));
                    // Digits: the pairs line with each sum's digits written from the right just before it.
                    var fromRight = Regex.Matches(d[i].Check, @" from right (\d+) makes (\d+) ");
                    foreach (Match m in fromRight)
                    {
                        string number = new string(m.Groups[1].Value.Reverse().ToArray()).TrimStart('0');
                        Assert.Equal(m.Groups[2].Value, number.Length == 0 ? "0" : number);
                    }
                    Assert.Equal(c[i].Check, Regex.Replace(d[i].Check, @" from right \d+", ""));
                    withDigits += fromRight.Count;
                    compared++;
                }
            }
        }
        Assert.True(compared > 400, $"{compared} steps compared");
        Assert.True(withDigits > 200, $"{withDigits} sums written from the right");
    }

    [Fact]
    public void Without_stopping_every_step_is_judged()
    {
        var oracle = new LabOracleAnnotator(new LabOracleOptions { StopAfterFirstError = false });
        var critique = oracle.Critique(LabFixtures.Mia, "She gets 3 * 14 = 44 apples.\nShe has 23 + 44 = 67 apples.\nThe answer is 67.");
        Assert.Equal(3, critique.Steps.Count);
        Assert.Equal(1, critique.FirstWrongStep);
    }

    [Fact]
    public void Never_states_the_reference_answer_the_solution_did_not_reach()
    {
        // The last step slips: 65 - 17 is 48, the reference answer, which the solution never computed.
        var critique = _oracle.Critique(LabFixtures.Mia, "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 17 = 46 apples left.\nThe answer is 46.");
        var text = critique.ToString();
        Assert.Contains("65 - 17 is not 46.", text);
        Assert.DoesNotMatch(@"\b48\b", text);
        // Stopping early: the hint names the operation but not its result.
        var early = _oracle.Critique(LabFixtures.Mia, "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nThe answer is 65.");
        Assert.Contains("Still needed: 65 - 17.", early.ToString());
        Assert.DoesNotMatch(@"\b48\b", early.ToString());
    }

    [Fact]
    public void Explains_each_error_type()
    {
        string Explain(string solution) => _oracle.Critique(LabFixtures.Mia, solution).Steps[^1].Explanation;
        Assert.Equal("19 is not given or computed before. It should be 65 - 17.", Explain("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 19 = 46 apples left.\nThe answer is 46."));
        Assert.Equal("3 is used already. It should be 23 + 42 = 65.", Explain("She gets 3 * 14 = 42 apples.\nShe has 3 + 42 = 45 apples.\nThe answer is 45."));
        Assert.Equal("It should subtract: 65 - 17, not 65 + 17.", Explain("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 + 17 = 82 apples.\nThe answer is 82."));
        Assert.Equal("42 is not computed yet. First compute 3 * 14 = 42.", Explain("She has 23 + 42 = 65 apples.\nThe answer is 65."));
        Assert.Equal("The last result is 48, not 84.", Explain("She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 65 apples.\nShe has 65 - 17 = 48 apples left.\nThe answer is 84."));
        var noAnswer = _oracle.Critique(LabFixtures.Mia, "She gets 3 * 14 = 42 apples.");
        Assert.Equal("There is no final answer. Still needed: 23 + 42 = 65.", noAnswer.FinalExplanation);
    }

    [Fact]
    public void Garbage_solutions_get_a_parseable_critique_that_rejects_them()
    {
        var random = new Random(7);
        const string alphabet = "0123456789 +-*/=x.\nThe answer is $,";
        for (int i = 0; i < 500; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(80)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var critique = _oracle.Critique(LabFixtures.Mia, text);
            var parsed = CritiqueParser.Parse(CritiqueFormatter.Format(critique));
            Assert.Equal(critique.Steps.Count, parsed.Critique.Steps.Count);
            Assert.Equal(critique.FinalAnswer, parsed.Critique.FinalAnswer);
            if (!text.Contains("48"))
                Assert.Equal(Verdict.Wrong, critique.FinalAnswer);
        }
    }

    [Fact]
    public async Task Annotations_parse_back_with_the_checkers_first_wrong_step()
    {
        var corruptor = new LabCorruptor();
        var candidates = new List<CandidateSolution>();
        int i = 0;
        foreach (var p in LabFixtures.Many(perLevel: 15, seed: 31))
        {
            var problem = p.ToProblem();
            var steps = StepSegmenter.Split(p.ReferenceSolution).Select(s => s.Text).ToArray();
            candidates.Add(new CandidateSolution(problem, ConstructionMethod.Rg1Sampling, i++, p.ReferenceSolution, p.Answer.ToString(), true));
            foreach (var mistake in corruptor.MistakeTypes)
            {
                int k = 1 + (i % steps.Length);
                var rewritten = corruptor.Insert(p, steps, k, mistake, (ulong)i);
                if (rewritten is null)
                    continue;
                var text = string.Join('\n', steps.Take(k - 1).Append(rewritten).Concat(steps.Skip(k)));
                candidates.Add(new CandidateSolution(problem, ConstructionMethod.Rg3InsertedMistake, i++, text, null, false, k, mistake));
            }
        }
        var critiques = await _oracle.AnnotateAsync(candidates, CancellationToken.None);
        Assert.Equal(candidates.Count, critiques.Count);
        for (int c = 0; c < candidates.Count; c++)
        {
            var candidate = candidates[c];
            var check = _checker.Check(candidate.Problem, candidate.Solution);
            var parsed = CritiqueParser.Parse(critiques[c]);
            Assert.Empty(parsed.Issues);
            Assert.True(check.FirstWrongStep == parsed.Critique.FirstWrongStep, $"checker {check.FirstWrongStep} critique {parsed.Critique.FirstWrongStep}\n{candidate.Solution}\n{critiques[c]}");
            Assert.Equal(check.FinalAnswerCorrect ? Verdict.Correct : Verdict.Wrong, parsed.Critique.FinalAnswer);
            if (candidate.ErrorStep is { } k)
                Assert.Equal(k, parsed.Critique.FirstWrongStep);
            // Compact enough for the lab models, and the reference answer is only named when the solution reached it.
            Assert.True(critiques[c].Length < 1000, $"{critiques[c].Length} chars:\n{critiques[c]}");
            var answer = $@"\b{Regex.Escape(candidate.Problem.ReferenceAnswer)}\b";
            if (!Regex.IsMatch(candidate.Solution, answer))
                Assert.DoesNotMatch(answer, critiques[c]);
        }
        Assert.Equal("lab-oracle", _oracle.Name);
    }
}
