using System.Text;
using MathCritique.Critiques;
using MathCritique.Solutions;

namespace MathCritique.Collection;

/// <summary>
/// The annotator's prompt: question, solution (numbered steps), the reference answer, and the error
/// step/type when the construction method knows them; it asks for the step-level critique format.
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
        if (candidate.ErrorStep is { } k)
            text.Append("Hint: the first error is at step ").Append(k).Append(candidate.ErrorType is { } t ? $" ({t})" : "").Append(".\n");
        text.Append('\n').Append(CritiqueFormatter.Instructions)
            .Append("\n\nJudge each step on its own reasoning and arithmetic. Do not reveal the reference answer.");
        if (stopAfterFirstError)
            text.Append("\nStop judging steps after the first wrong step.");
        return text.ToString();
    }
}
