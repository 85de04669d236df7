namespace MathCritique.Solutions;

/// <summary>One step of a solution: one non-empty line.</summary>
/// <param name="Index">1-based position among the solution's steps.</param>
/// <param name="Text">The line, trimmed, annotations kept.</param>
public sealed record SolutionStep(int Index, string Text)
{
    /// <summary>GSM8K calculator annotations found in the step.</summary>
    public IReadOnlyList<CalculatorAnnotation> Annotations => CalculatorAnnotation.FindAll(Text);
}
