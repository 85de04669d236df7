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
        // A fifth, asked for by name only (the lookup drill): the default RG3 mix stays as it was.
        Assert.DoesNotContain(LabCorruptor.MiscopiedNumber, _corruptor.MistakeTypes);
        Assert.Equal(LabErrorType.WrongQuantity, LabCorruptor.ExpectedError(LabCorruptor.MiscopiedNumber));
        Assert.DoesNotContain(LabCorruptor.ReusedNumber, _corruptor.MistakeTypes);
        Assert.Equal(LabErrorType.WrongQuantity, LabCorruptor.ExpectedError(LabCorruptor.ReusedNumber));
    }

    [Theory]
    [InlineData("calculation error")]
    [InlineData("wrong quantity")]
    [InlineData("wrong operation")]
    [InlineData("missing step")]
    [InlineData("miscopied number")]
    [InlineData("reused number")]
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
                // A reused number is one at hand, flagged as used twice; the other wrong quantities are not at hand.
                if (expected == LabErrorType.WrongQuantity)
                    Assert.Equal(mistake == LabCorruptor.ReusedNumber, result.FirstWrong!.Reused);
            }
        }
        // Most computation steps admit every mistake.
        Assert.True(made > 500, $"only {made} mistakes made");
    }

    [Fact]
    public void A_miscopied_number_is_one_digit_slip_away_from_the_operand_it_replaces()
    {
        int made = 0, swapped = 0, changed = 0, dropped = 0, doubled = 0;
        foreach (var p in LabFixtures.Many(perLevel: 20, seed: 31))
        {
            var steps = StepSegmenter.Split(p.ReferenceSolution).Select(s => s.Text).ToArray();
            for (int k = 1; k <= steps.Length; k++)
            {
                if (_corruptor.Insert(p, steps, k, LabCorruptor.MiscopiedNumber, (ulong)(k * 131 + made)) is not { } rewritten)
                    continue;
                made++;
                var before = LabComputation.FindAll(steps[k - 1])[0].Operands.Select(o => LabOperators.Format(o)).ToArray();
                var after = LabComputation.FindAll(rewritten)[0].Operands.Select(o => LabOperators.Format(o)).ToArray();
                var pairs = before.Zip(after).Where(x => x.First != x.Second).ToArray();
                var (from, to) = Assert.Single(pairs);
                if (to.Length == from.Length && to.Order().SequenceEqual(from.Order()))
                    swapped++;
                else if (to.Length == from.Length && to.Zip(from).Count(x => x.First != x.Second) == 1)
                    changed++;
                else if (to.Length == from.Length - 1 && Enumerable.Range(0, from.Length).Any(i => from.Remove(i, 1) == to))
                    dropped++;
                else if (to.Length == from.Length + 1 && Enumerable.Range(0, from.Length).Any(i => from.Insert(i, from[i].ToString()) == to))
                    doubled++;
                else
                    Assert.Fail($"{from} → {to} in '{rewritten}'");
            }
        }
        Assert.True(made > 100, $"only {made} miscopies made");
        Assert.All(new[] { swapped, changed, dropped, doubled }, n => Assert.True(n > made / 10, $"swapped {swapped}, changed {changed}, dropped {dropped}, doubled {doubled} of {made}"));
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
        var rewritten = (await _corruptor.InsertAsync(LabFixtures.Mia.ToProblem(), steps, 1, "calculation error", 5, CancellationToken.None)).Step;
        Assert.NotNull(rewritten);
        Assert.StartsWith("She gets 3 * 14 = ", rewritten);
        Assert.DoesNotContain("= 42 ", rewritten);

        // A step it cannot corrupt is dropped with the reason, not thrown.
        var answerLine = await _corruptor.InsertAsync(LabFixtures.Mia.ToProblem(), steps, steps.Length, "calculation error", 5, CancellationToken.None);
        Assert.Null(answerLine.Step);
        Assert.Equal(LabCorruptor.NothingToCorrupt, answerLine.DropReason);
    }
}
