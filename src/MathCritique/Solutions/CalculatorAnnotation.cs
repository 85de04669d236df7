using System.Text.RegularExpressions;

namespace MathCritique.Solutions;

/// <summary>A GSM8K calculator annotation <c>&lt;&lt;expression=result&gt;&gt;</c>: step-level arithmetic ground truth.</summary>
public sealed partial record CalculatorAnnotation(string Expression, string Result)
{
    [GeneratedRegex(@"<<([^<>=]*)=([^<>]*)>>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnnotationPattern();

    /// <summary>All annotations in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<CalculatorAnnotation> FindAll(string text) =>
        AnnotationPattern().Matches(text)
            .Select(m => new CalculatorAnnotation(m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim()))
            .ToArray();

    /// <summary>The text with every annotation removed (what a reader sees).</summary>
    public static string Strip(string text) => AnnotationPattern().Replace(text, "");
}
