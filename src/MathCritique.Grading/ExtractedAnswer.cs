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
    /// <summary>The whole text, when it is a bare math expression (<c>\frac{1}{3}</c>, <c>.4</c>, <c>x = 5</c>) and not prose.</summary>
    WholeExpression,
    /// <summary>The last LaTeX math environment (<c>$…$</c>, <c>$$…$$</c>, <c>\(…\)</c>, <c>\[…\]</c>) holding a bare expression.</summary>
    LastMathEnvironment,
}

/// <summary>A final answer extracted from a text, and how it was found.</summary>
public sealed record ExtractedAnswer(string Answer, ExtractionMethod Method);
