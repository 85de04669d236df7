using MathCritique.Sampling;
using MathCritique.Solutions;

namespace MathCritique.Lab.Tests;

public class LabCheckComparisonTests
{
    [Theory]
    [InlineData("Check: 4: 17 vs 4 ", "no")]
    [InlineData("Check: 4: 17 vs 4 no, 4 vs 4 ", "yes")]
    [InlineData("68: 71 vs 68 no, 4 vs 68 no, 67 vs 68 ", "no")]
    [InlineData("17 * 4 makes 68 vs 78 ", "not")]
    [InlineData("17 * 4 makes 68 vs 68 ", "same")]
    [InlineData("12 - 20 makes -8 vs -8 ", "same")]
    [InlineData("7 / 2 makes 3.5 vs 3.50 ", "same")]
    [InlineData("27 + 15 = 42 vs 41 ", "not")] // the scan style redoes a sum with "="
    [InlineData("before = 42; 41 vs 42 ", "not last")]
    [InlineData("same.\nbefore = 42; 42 vs 42 ", "last")]
    [InlineData("before = 112; answer is 121 vs 112 ", "not last")]
    [InlineData("before = 112; answer is 112 vs 112 ", "last")]
    [InlineData("7: 7 vs 7 yes given, used; 7 + 7 makes 14 vs 14 ", "same")]
    public void Writes_the_outcome_of_a_comparison_once_both_numbers_are_written(string completion, string expected) =>
        Assert.Equal(expected, new LabCheckComparison().TextAfter(completion));

    [Theory]
    [InlineData("68: 71 vs 68")] // the second number may go on
    [InlineData("68: 71 vs ")]
    [InlineData("17 * 4 makes 68 vs sixty ")]
    [InlineData("17 * 4 makes 68 vs 68 same")]
    [InlineData("before = 42; forty vs 42 ")]
    [InlineData("She has 3 vs 4 ")] // not a check line's comparison
    [InlineData("")]
    public void Writes_nothing_where_no_comparison_is_complete(string completion) =>
        Assert.Null(new LabCheckComparison().TextAfter(completion));

    [Fact]
    public void Every_comparison_an_oracle_check_line_makes_is_written_as_the_oracle_writes_it()
    {
        // Writing a check line with the tools from its start reproduces the oracle's line: each tool fires only where
        // the oracle's next text is what it writes, and every "vs" comparison gets its outcome from the tool.
        var oracle = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, StopAfterFirstError = false, CheckStyle = LabCheckStyle.ScanPairs });
        var tools = new InlineToolChain([new InlineCalculator(), new LabCheckComparison()]);
        var corruptor = new LabCorruptor();
        int lines = 0, comparisons = 0, wrongOutcomes = 0;
        foreach (var problem in LabFixtures.Many(perLevel: 6, seed: 5))
        {
            var steps = StepSegmenter.Split(problem.ReferenceSolution).Select(s => s.Text).ToArray();
            var solutions = new List<string> { problem.ReferenceSolution };
            foreach (var mistake in new[] { LabCorruptor.WrongQuantity, LabCorruptor.CalculationError, LabCorruptor.MiscopiedNumber, LabCorruptor.ReusedNumber })
            {
                int k = 1 + solutions.Count % steps.Length;
                if (corruptor.Insert(problem, steps, k, mistake, (ulong)(lines + solutions.Count)) is { } rewritten)
                    solutions.Add(string.Join('\n', steps.Take(k - 1).Append(rewritten).Concat(steps.Skip(k))));
            }
            foreach (var solution in solutions)
            {
                foreach (var step in oracle.Critique(problem, solution).Steps)
                {
                    string line = "Check: " + step.Check;
                    int fired = 0;
                    for (int i = 1; i <= line.Length; i++)
                    {
                        if (tools.TextAfter(line[..i]) is { } text)
                        {
                            Assert.True(line[i..].StartsWith(text, StringComparison.Ordinal), $"after '{line[..i]}' the tools wrote '{text}', the oracle '{line[i..]}'");
                            fired++;
                        }
                    }
                    int vs = System.Text.RegularExpressions.Regex.Matches(line, " vs ").Count;
                    int sums = System.Text.RegularExpressions.Regex.Matches(line, " makes ").Count;
                    Assert.True(fired >= vs, $"'{line}': {fired} tool writes for {vs} comparisons");
                    comparisons += vs;
                    wrongOutcomes += LabCheckLines.HasBadMark(step.Check) ? 1 : 0;
                    lines++;
                    Assert.True(fired <= vs + sums);
                }
            }
        }
        // The sample holds both outcomes, at scale.
        Assert.True(lines > 200 && comparisons > 1000 && wrongOutcomes > 30, $"{lines} lines, {comparisons} comparisons, {wrongOutcomes} flagged");
    }

    [Fact]
    public void A_chain_writes_what_its_first_tool_with_something_to_write_writes_and_is_named_by_its_tools()
    {
        var chain = new InlineToolChain([new InlineCalculator(), new LabCheckComparison()]);
        Assert.Equal("calculator,compare", chain.Name);
        Assert.Equal("68 ", chain.TextAfter("17 * 4 makes "));
        Assert.Equal("not", chain.TextAfter("17 * 4 makes 68 vs 78 "));
        Assert.Null(chain.TextAfter("17 * 4 makes 68 vs 78 not"));
        Assert.Throws<ArgumentException>(() => new InlineToolChain([]));
    }
}
