using System.Text;

namespace MathCritique.Critiques;

/// <summary>Writes critiques in the paper's step-level text format.</summary>
public static class CritiqueFormatter
{
    public const string StepLabel = "Step sentence";
    public const string CheckLabel = "Check";
    public const string StepCorrectnessLabel = "Correctness of the step";
    public const string ExplanationLabel = "Explanation";
    public const string FinalCorrectnessLabel = "Correctness of the final answer";

    /// <summary>How a prompt asks a model for this format (annotators and test-time critics alike).</summary>
    public const string Instructions = $"""
        For each step write exactly:
        {StepLabel}: <the step>
        {StepCorrectnessLabel}: Correct or Wrong
        {ExplanationLabel}: <why>

        Then write:
        {FinalCorrectnessLabel}: Correct or Wrong
        {ExplanationLabel}: <why>
        """;

    public static string Format(Critique critique)
    {
        ArgumentNullException.ThrowIfNull(critique);
        var text = new StringBuilder();
        foreach (var step in critique.Steps)
            AppendStep(text, step).Append("\n\n");
        text.Append(FinalCorrectnessLabel).Append(": ").Append(Word(critique.FinalAnswer)).Append('\n');
        text.Append(ExplanationLabel).Append(": ").Append(OneLine(critique.FinalExplanation));
        return text.ToString();
    }

    /// <summary>One step's block (step, verdict, explanation) without the blank line that separates blocks.</summary>
    public static string FormatStep(StepVerdict step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return AppendStep(new StringBuilder(), step).ToString();
    }

    private static StringBuilder AppendStep(StringBuilder text, StepVerdict step)
    {
        text.Append(StepLabel).Append(": ").Append(OneLine(step.StepText)).Append('\n');
        if (step.Check.Length > 0)
            text.Append(CheckLabel).Append(": ").Append(OneLine(step.Check)).Append('\n');
        return text.Append(StepCorrectnessLabel).Append(": ").Append(Word(step.Verdict)).Append('\n')
            .Append(ExplanationLabel).Append(": ").Append(OneLine(step.Explanation));
    }

    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Correct => "Correct",
        Verdict.Wrong => "Wrong",
        _ => "Unknown",
    };

    // The format is line-based: a newline inside a field would start a new field.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
