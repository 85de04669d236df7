namespace MathCritique.Grading;

/// <summary>
/// The snake_case names of the extraction rules ("boxed", "answer_is", "last_number"...): what graded output files
/// report and what a user names on the command line, so neither changes when the enum is renamed.
/// </summary>
internal static class ExtractionRuleNames
{
    private static readonly (ExtractionMethod Method, string Name)[] Names =
    [
        (ExtractionMethod.Boxed, "boxed"),
        (ExtractionMethod.TheAnswerIs, "answer_is"),
        (ExtractionMethod.Gsm8kHashes, "hashes"),
        (ExtractionMethod.AnswerColon, "answer_colon"),
        (ExtractionMethod.LastNumber, "last_number"),
        (ExtractionMethod.WholeText, "whole_text"),
        (ExtractionMethod.WholeExpression, "whole_expression"),
        (ExtractionMethod.LastMathEnvironment, "math_environment"),
    ];

    public static string? Of(ExtractionMethod? method)
    {
        if (method is null)
            return null;
        foreach (var (m, name) in Names)
        {
            if (m == method)
                return name;
        }
        return method.ToString();
    }

    /// <summary>The rule a name stands for; <c>####</c> is accepted for "hashes" as it is what the rule looks for.</summary>
    public static bool TryParse(string name, out ExtractionMethod method)
    {
        var trimmed = name.Trim();
        if (trimmed == "####")
            trimmed = "hashes";
        foreach (var (m, known) in Names)
        {
            if (string.Equals(known, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                method = m;
                return true;
            }
        }
        method = default;
        return false;
    }

    public static string All => string.Join(", ", Names.Select(n => n.Name));
}
