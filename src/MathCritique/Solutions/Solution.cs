using MathCritique.Grading;

namespace MathCritique.Solutions;

/// <summary>A model's (or reference) solution: raw text, its steps, and the extracted final answer.</summary>
public sealed record Solution(string Text, IReadOnlyList<SolutionStep> Steps, string? FinalAnswer)
{
    /// <summary>Segments <paramref name="text"/> into steps and extracts the final answer.</summary>
    public static Solution Parse(string text, AnswerExtractor? extractor = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        extractor ??= AnswerExtractor.Default;
        return new Solution(text, StepSegmenter.Split(text), extractor.Extract(text)?.Answer);
    }
}
