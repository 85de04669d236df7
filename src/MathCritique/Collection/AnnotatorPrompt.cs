using System.Text;
using MathCritique.Critiques;
using MathCritique.Solutions;

namespace MathCritique.Collection;

/// <summary>
/// The annotator's prompt (the paper's annotator setting): question, solution (one step a line), the reference answer,
/// and the error step and mistake type where the construction method knows them (RG3: the step it rewrote; RG2: the
/// step it resampled from, the first error there or later); it asks for the step-level critique format.
/// </summary>
public static class AnnotatorPrompt
{
    public static string Build(CandidateSolution candidate, bool stopAfterFirstError)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var text = new StringBuilder();
        text.Append("You are a meticulous math teacher. Check the student's solution step by step.\n\n");
        text.Append("Question: ").Append(candidate.Problem.Question).Append("\n\nStudent's solution:\n");
        foreach (var step in StepSegmenter.Split(candidate.Solution))
            text.Append(step.Text).Append('\n');
        text.Append("\nReference answer: ").Append(candidate.Problem.ReferenceAnswer).Append('\n');
        // A location is known only after steps kept from a right solution: from a wrong one, the error may come earlier.
        if (candidate.ErrorStep is { } k && candidate.BaseCorrect != false)
        {
            text.Append(candidate.Method == ConstructionMethod.Rg2ResampleFromStep
                ? $"Hint: the solution was rewritten from step {k} on; the first error is at step {k} or later.\n"
                : $"Hint: the first error is at step {k}{(candidate.ErrorType is { } t ? $" ({t})" : "")}.\n");
        }
        text.Append('\n').Append(CritiqueFormatter.Instructions)
            .Append("\n\nJudge each step on its own reasoning and arithmetic. Do not reveal the reference answer.");
        if (stopAfterFirstError)
            text.Append("\nStop judging steps after the first wrong step.");
        return text.ToString();
    }
}
