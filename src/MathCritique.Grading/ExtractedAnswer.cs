namespace MathCritique.Grading;

/// <summary>How a final answer was found in a solution text.</summary>
public enum ExtractionMethod
{
    Boxed,
    TheAnswerIs,
    Gsm8kHashes,
    AnswerColon,
    LastNumber,
    WholeText,
}

/// <summary>A final answer extracted from a text, and how it was found.</summary>
public sealed record ExtractedAnswer(string Answer, ExtractionMethod Method);
