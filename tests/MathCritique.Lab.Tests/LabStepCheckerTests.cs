namespace MathCritique.Lab.Tests;

public class LabStepCheckerTests
{
    private readonly LabStepChecker _checker = new();

    private LabCheckResult Check(params string[] lines) => _checker.Check(LabFixtures.Mia, string.Join('\n', lines));

    [Fact]
    public void Reference_solution_is_correct()
    {
        var result = _checker.Check(LabFixtures.Mia, LabFixtures.Mia.ReferenceSolution);
        Assert.True(result.IsCorrect);
        Assert.Null(result.FirstWrongStep);
        Assert.Equal(48m, result.FinalAnswer);
        Assert.All(result.Steps, s => Assert.Equal(LabErrorType.Correct, s.Error));
    }

    [Fact]
    public void All_generated_reference_solutions_pass_at_every_level()
    {
        foreach (var p in new[] { 11, 12, 13 }.SelectMany(seed => LabFixtures.Many(perLevel: 80, seed)))
        {
            var result = _checker.Check(p.ToProblem(), p.ReferenceSolution);
            Assert.True(result.IsCorrect, $"{p.Id}: step {result.FirstWrongStep} {result.FirstError}\n{p.Question}\n{p.ReferenceSolution}");
        }
    }

    [Fact]
    public void Arithmetic_slip()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 66 apples.", "She has 66 - 17 = 49 apples left.", "The answer is 49.");
        Assert.Equal(2, result.FirstWrongStep);
        Assert.Equal(LabErrorType.ArithmeticSlip, result.FirstError);
        Assert.Equal(65m, result.FirstWrong!.Faulty!.TrueResult);
        // The later step builds on 66 correctly: one error, reported once.
        Assert.Equal(LabErrorType.Correct, result.Steps[2].Error);
        Assert.False(result.FinalAnswerCorrect);
    }

    [Fact]
    public void Wrong_quantity_is_an_operand_nobody_stated_or_computed()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.", "She has 65 - 19 = 46 apples left.", "The answer is 46.");
        Assert.Equal(3, result.FirstWrongStep);
        Assert.Equal(LabErrorType.WrongQuantity, result.FirstError);
        Assert.Equal(19m, result.FirstWrong!.BadOperand);
        Assert.Equal("65 - 17 = 48", result.FirstWrong.Expected!.Computation);
    }

    [Fact]
    public void Available_but_wrong_quantities_are_blamed_when_the_answer_comes_out_wrong()
    {
        // 23 + 3 uses the number of bags as apples: each step is valid arithmetic on stated numbers.
        var result = Check("She has 23 + 3 = 26 apples.", "She has 26 - 17 = 9 apples left.", "The answer is 9.");
        Assert.Equal(1, result.FirstWrongStep);
        Assert.Equal(LabErrorType.WrongQuantity, result.FirstError);
    }

    [Theory]
    // The step's other operand, the lab actor's commonest level-1 mistake ("7 + 7" for "has 7, buys 2 more") ...
    [InlineData(1, 14, "She gets 14 * 14 = 196 apples.", "She has 23 + 196 = 219 apples.", "She has 219 - 17 = 202 apples left.", "The answer is 202.")]
    // ... a number an earlier step used, even though a later slip would otherwise come first ...
    [InlineData(2, 3, "She gets 3 * 14 = 42 apples.", "She has 3 + 42 = 45 apples.", "She has 45 - 17 = 27 apples left.", "The answer is 27.")]
    // ... and an earlier result used twice.
    [InlineData(3, 42, "She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.", "She has 42 - 17 = 25 apples left.", "The answer is 25.")]
    public void A_number_used_a_second_time_is_the_wrong_quantity_where_it_is_used_again(int step, int reused, params string[] lines)
    {
        // Every lab plan uses each given and each result once, and they all differ.
        var result = Check(lines);
        Assert.Equal(step, result.FirstWrongStep);
        Assert.Equal(LabErrorType.WrongQuantity, result.FirstError);
        Assert.True(result.FirstWrong!.Reused);
        Assert.Equal(reused, result.FirstWrong.BadOperand);
        Assert.All(result.Steps.Take(step - 1), s => Assert.True(s.IsCorrect));
    }

    [Fact]
    public void A_different_valid_order_is_accepted()
    {
        var result = Check("She has 23 - 17 = 6 apples.", "She gets 3 * 14 = 42 apples.", "She has 6 + 42 = 48 apples.", "The answer is 48.");
        Assert.True(result.IsCorrect);
    }

    [Fact]
    public void Wrong_operation()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.", "She has 65 + 17 = 82 apples.", "The answer is 82.");
        Assert.Equal(3, result.FirstWrongStep);
        Assert.Equal(LabErrorType.WrongOperation, result.FirstError);
        Assert.Equal(LabOperator.Subtract, result.FirstWrong!.Expected!.Operator);
    }

    [Fact]
    public void Skipped_step_uses_an_intermediate_before_computing_it()
    {
        var result = Check("She has 23 + 42 = 65 apples.", "She has 65 - 17 = 48 apples left.", "The answer is 48.");
        Assert.Equal(1, result.FirstWrongStep);
        Assert.Equal(LabErrorType.SkippedStep, result.FirstError);
        Assert.Equal(42m, result.FirstWrong!.BadOperand);
        Assert.Equal("3 * 14 = 42", result.FirstWrong.Expected!.Computation);
    }

    [Fact]
    public void Answering_before_the_plan_is_done_is_a_skipped_step()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.", "The answer is 65.");
        Assert.Equal(3, result.FirstWrongStep);
        Assert.Equal(LabErrorType.SkippedStep, result.FirstError);
        Assert.Equal("65 - 17 = 48", result.FirstWrong!.Expected!.Computation);
    }

    [Fact]
    public void Stopping_without_an_answer_is_a_skipped_step_after_the_last()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.");
        Assert.Equal(3, result.FirstWrongStep);
        Assert.Equal(LabErrorType.SkippedStep, result.FirstError);
        Assert.Null(result.FinalAnswer);
    }

    [Fact]
    public void Answer_without_any_computation_is_a_skipped_step()
    {
        var result = Check("The answer is 48.");
        Assert.Equal(1, result.FirstWrongStep);
        Assert.Equal(LabErrorType.SkippedStep, result.FirstError);
    }

    [Fact]
    public void Wrong_final_answer_copy()
    {
        var result = Check("She gets 3 * 14 = 42 apples.", "She has 23 + 42 = 65 apples.", "She has 65 - 17 = 48 apples left.", "The answer is 84.");
        Assert.Equal(4, result.FirstWrongStep);
        Assert.Equal(LabErrorType.WrongFinalAnswerCopy, result.FirstError);
        Assert.Equal(48m, result.FirstWrong!.LastResult);
        Assert.Equal(84m, result.FinalAnswer);
    }

    [Fact]
    public void Tolerates_other_notation_and_units_in_the_answer()
    {
        var result = Check("Let's think step by step.", "3 × 14 = 42", "23 + 42 = 65", "65 − 17 = 48", "The answer is 48 apples.");
        Assert.True(result.IsCorrect);
        Assert.Equal(3, result.Steps.Count(s => s.Computations.Count == 1));
    }

    [Fact]
    public void Several_operations_at_once_are_checked_and_credited()
    {
        Assert.True(Check("She has 23 + 3 * 14 = 65 apples.", "She has 65 - 17 = 48 apples left.", "The answer is 48.").IsCorrect);
        var slip = Check("She has 23 + 3 * 14 = 64 apples.", "The answer is 64.");
        Assert.Equal(LabErrorType.ArithmeticSlip, slip.FirstError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("= = = + 3 = ")]
    [InlineData("999999999999999999999999999999 * 99999999999999999 = 1")]
    [InlineData("5 / 0 = 7\nThe answer is")]
    [InlineData("79228162514264337593543950335 * 79228162514264337593543950335 = 3")]
    [InlineData("\u0000\uffff😀 3 + = 4 x = 5 -- 2 = 1.5.5 = 9\nthe answer is $$$")]
    public void Garbled_text_does_not_throw(string text)
    {
        var result = _checker.Check(LabFixtures.Mia, text);
        Assert.False(result.IsCorrect);
        Assert.NotNull(result.FirstWrongStep);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(42);
        const string alphabet = "0123456789 +-*/=x.\nThe answer is $,";
        for (int i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(80)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            _ = _checker.Check(LabFixtures.Mia, text);
        }
    }

    [Fact]
    public void Works_on_a_problem_read_back_from_metadata()
    {
        var problem = LabFixtures.Mia.ToProblem();
        Assert.Equal(LabErrorType.WrongOperation, _checker.Check(problem, "She gets 3 + 14 = 17 apples.\nThe answer is 17.").FirstError);
    }
}
