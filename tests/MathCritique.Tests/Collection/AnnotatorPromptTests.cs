using MathCritique.Collection;
using MathCritique.Problems;

namespace MathCritique.Tests.Collection;

/// <summary>The paper's annotator setting: the annotator gets the reference answer and, where known, the error's step and type.</summary>
public sealed class AnnotatorPromptTests
{
    private static readonly Problem Problem = new("zoe", "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?", "56");
    private const string Solution = "She gets 3 + 6 = 9 coins.\nShe has 38 + 9 = 47 coins.\nThe answer is 47.";

    private static CandidateSolution Candidate(ConstructionMethod method, int? step = null, string? type = null, bool? baseCorrect = null) =>
        new(Problem, method, 0, Solution, "47", false, step, type, baseCorrect);

    [Fact]
    public void Rg3_gives_the_annotator_the_reference_answer_the_step_and_the_mistake_type()
    {
        var prompt = AnnotatorPrompt.Build(Candidate(ConstructionMethod.Rg3InsertedMistake, 1, "wrong operation", baseCorrect: true), stopAfterFirstError: true);
        Assert.Contains("Reference answer: 56\n", prompt, StringComparison.Ordinal);
        Assert.Contains("She gets 3 + 6 = 9 coins.\nShe has 38 + 9 = 47 coins.\nThe answer is 47.\n", prompt, StringComparison.Ordinal);
        Assert.Contains("Hint: the first error is at step 1 (wrong operation).\n", prompt, StringComparison.Ordinal);
        Assert.Contains("Stop judging steps after the first wrong step.", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Rg2_gives_the_step_it_resampled_from_as_where_the_first_error_is_or_after()
    {
        var prompt = AnnotatorPrompt.Build(Candidate(ConstructionMethod.Rg2ResampleFromStep, 2, baseCorrect: true), stopAfterFirstError: false);
        Assert.Contains("Hint: the solution was rewritten from step 2 on; the first error is at step 2 or later.\n", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Stop judging", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void No_location_is_given_where_none_is_known()
    {
        // RG1; and steps kept from a wrong greedy solution, where the first error may come before the chosen step.
        Assert.DoesNotContain("Hint:", AnnotatorPrompt.Build(Candidate(ConstructionMethod.Rg1Sampling), true), StringComparison.Ordinal);
        Assert.DoesNotContain("Hint:", AnnotatorPrompt.Build(Candidate(ConstructionMethod.Rg3InsertedMistake, 2, "calculation error", baseCorrect: false), true), StringComparison.Ordinal);
        Assert.Contains("Reference answer: 56\n", AnnotatorPrompt.Build(Candidate(ConstructionMethod.Rg1Sampling), true), StringComparison.Ordinal);
    }
}
