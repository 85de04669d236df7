using MathCritique.Collection;
using MathCritique.Problems;

namespace MathCritique.Tests.Collection;

public sealed class MistakeInsertionPromptTests
{
    private static readonly Problem Problem = new("p1", "Ben has 26 cookies. He ends up with 3 times as many. How many cookies does Ben have now?", "78");
    private static readonly string[] Steps = ["He has 26 * 3 = 78 cookies.", "The answer is 78."];

    [Fact]
    public void The_prompt_numbers_the_steps_and_names_the_step_and_the_mistake()
    {
        foreach (var type in MistakeTypeNames.All)
        {
            var prompt = MistakeInsertionPrompt.Build(Problem, Steps, 1, type);
            Assert.Contains($"Question: {Problem.Question}", prompt, StringComparison.Ordinal);
            Assert.Contains("Step 1: He has 26 * 3 = 78 cookies.\nStep 2: The answer is 78.\n", prompt, StringComparison.Ordinal);
            Assert.Contains($"Rewrite step 1 so that it contains a {MistakeTypeNames.Name(type)}: {MistakeInsertionPrompt.Instruction(type)}", prompt, StringComparison.Ordinal);
        }
        Assert.Equal(5, MistakeTypeNames.All.Select(MistakeInsertionPrompt.Instruction).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => MistakeInsertionPrompt.Build(Problem, Steps, 3, MistakeType.CalculationError));
    }

    [Theory]
    [InlineData("He has 26 * 3 = 68 cookies.", "He has 26 * 3 = 68 cookies.")]
    [InlineData("Step 1: He has 26 + 3 = 29 cookies.\nStep 2: The answer is 29.", "He has 26 + 3 = 29 cookies.")]
    [InlineData("**Rewritten step 1:** He has 26 * 4 = 104 cookies.", "He has 26 * 4 = 104 cookies.")]
    [InlineData("```\n\"He has 26 * 3 = 88 cookies.\"\n```", "He has 26 * 3 = 88 cookies.")]
    [InlineData("\n\n  - Step 1. He has 26 cookies.  ", "He has 26 cookies.")]
    public void A_reply_is_read_as_its_first_line_without_labels_quotes_or_fences(string reply, string step)
    {
        var insertion = MistakeInsertionPrompt.Read(reply, Steps[0]);
        Assert.Equal(step, insertion.Step);
        Assert.Null(insertion.DropReason);
    }

    [Theory]
    [InlineData("", MistakeInsertionPrompt.EmptyReply)]
    [InlineData("```\n```", MistakeInsertionPrompt.EmptyReply)]
    [InlineData("...", MistakeInsertionPrompt.UnreadableReply)]
    [InlineData("Step 1: He has 26 * 3 = 78 cookies.", MistakeInsertionPrompt.UnchangedStep)]
    [InlineData("he has 26 * 3 =  78 cookies", MistakeInsertionPrompt.UnchangedStep)]
    public void A_reply_without_a_changed_step_is_dropped_with_the_reason_and_kept_for_the_record(string reply, string reason)
    {
        var insertion = MistakeInsertionPrompt.Read(reply, Steps[0]);
        Assert.Null(insertion.Step);
        Assert.Equal(reason, insertion.DropReason);
        Assert.Equal(reply, insertion.Output);
    }

    [Fact]
    public void Mistake_types_are_named_as_records_write_them_and_parsed_from_the_command_line()
    {
        Assert.Equal(["calculation error", "wrong quantity", "wrong operation", "skipped step", "misread condition"], MistakeTypeNames.All.Select(MistakeTypeNames.Name));
        Assert.Equal(MistakeType.WrongOperation, MistakeTypeNames.Parse("wrong-operation"));
        Assert.Equal(MistakeType.MisreadCondition, MistakeTypeNames.Parse("Misread condition"));
        Assert.Equal(MistakeType.SkippedStep, MistakeTypeNames.Parse("SkippedStep"));
        var error = Assert.Throws<ArgumentException>(() => MistakeTypeNames.Parse("typo"));
        Assert.Contains("calculation-error, wrong-quantity, wrong-operation, skipped-step, misread-condition", error.Message, StringComparison.Ordinal);
    }
}
