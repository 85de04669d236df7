using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Prompts;

namespace MathCritique.Tests.TestTime;

public sealed class PaperPromptsTests
{
    private readonly PromptSet _prompts = PaperPrompts.Create();

    [Fact]
    public void The_critique_prompt_asks_for_exactly_the_labels_the_parser_reads()
    {
        var prompt = _prompts.BuildCritique("What is 2 + 3?", "2 + 3 = 5\nThe answer is 5.");
        foreach (var label in new[] { CritiqueFormatter.StepLabel, CritiqueFormatter.StepCorrectnessLabel, CritiqueFormatter.ExplanationLabel, CritiqueFormatter.FinalCorrectnessLabel })
            Assert.Contains(label + ":", prompt, StringComparison.Ordinal);
        Assert.Contains("2 + 3 = 5\nThe answer is 5.", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_and_refine_ask_for_an_answer_line_the_grader_extracts()
    {
        Assert.Contains("The answer is X.", _prompts.BuildSolve("Q?"), StringComparison.Ordinal);
        var refine = _prompts.BuildRefine("Q?", "old steps", "Correctness of the step: Wrong");
        Assert.Contains("old steps", refine, StringComparison.Ordinal);
        Assert.Contains("Correctness of the step: Wrong", refine, StringComparison.Ordinal);
        // A model that follows the instruction is graded by its last line.
        Assert.True(new MathGrader().Grade("7", "The steps.\nThe answer is 7.").Correct);
    }
}
