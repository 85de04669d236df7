using MathCritique.Solutions;

namespace MathCritique.Lab.Tests;

public class LabCorruptorTests
{
    private readonly LabCorruptor _corruptor = new();
    private readonly LabStepChecker _checker = new();

    [Fact]
    public void Knows_the_four_lab_mistakes()
    {
        Assert.Equal(["calculation error", "wrong quantity", "wrong operation", "missing step"], _corruptor.MistakeTypes);
        Assert.Throws<ArgumentException>(() => LabCorruptor.ExpectedError("typo"));
    }

    [Theory]
    [InlineData("calculation error")]
    [InlineData("wrong quantity")]
    [InlineData("wrong operation")]
    [InlineData("missing step")]
    public void Checker_flags_the_corrupted_step_with_the_matching_type(string mistake)
    {
        var expected = LabCorruptor.ExpectedError(mistake);
        int made = 0;
        foreach (var p in LabFixtures.Many(perLevel: 40, seed: 23))
        {
            var steps = StepSegmenter.Split(p.ReferenceSolution).Select(s => s.Text).ToArray();
            for (int k = 1; k <= steps.Length; k++)
            {
                var rewritten = _corruptor.Insert(p, steps, k, mistake, (ulong)(k * 7919 + made));
                if (rewritten is null)
                    continue;
                made++;
                Assert.NotEqual(steps[k - 1], rewritten);
                // As RG3 uses it: the steps before k, the rewritten step, then the rest of the original.
                var solution = string.Join('\n', steps.Take(k - 1).Append(rewritten).Concat(steps.Skip(k)));
                var result = _checker.Check(p, solution);
                Assert.True(k == result.FirstWrongStep && expected == result.FirstError,
                    $"{p.Id} k={k} {mistake}: got step {result.FirstWrongStep} {result.FirstError}\n{p.Question}\n{solution}");
            }
        }
        // Most computation steps admit every mistake.
        Assert.True(made > 500, $"only {made} mistakes made");
    }

    [Fact]
    public void Deterministic_given_the_seed()
    {
        var steps = StepSegmenter.Split(LabFixtures.Mia.ReferenceSolution).Select(s => s.Text).ToArray();
        var a = Enumerable.Range(0, 20).Select(s => _corruptor.Insert(LabFixtures.Mia, steps, 2, "wrong quantity", (ulong)s)).ToArray();
        var b = Enumerable.Range(0, 20).Select(s => _corruptor.Insert(LabFixtures.Mia, steps, 2, "wrong quantity", (ulong)s)).ToArray();
        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 3);
    }

    [Fact]
    public void Steps_without_a_computation_cannot_be_corrupted()
    {
        var steps = StepSegmenter.Split(LabFixtures.Mia.ReferenceSolution).Select(s => s.Text).ToArray();
        Assert.Null(_corruptor.Insert(LabFixtures.Mia, steps, steps.Length, "calculation error", 1));
    }

    [Fact]
    public async Task Works_through_the_interface_on_a_problem_read_back_from_metadata()
    {
        var steps = StepSegmenter.Split(LabFixtures.Mia.ReferenceSolution).Select(s => s.Text).ToArray();
        var rewritten = await _corruptor.InsertAsync(LabFixtures.Mia.ToProblem(), steps, 1, "calculation error", 5, CancellationToken.None);
        Assert.NotNull(rewritten);
        Assert.StartsWith("She gets 3 * 14 = ", rewritten);
        Assert.DoesNotContain("= 42 ", rewritten);
    }
}
