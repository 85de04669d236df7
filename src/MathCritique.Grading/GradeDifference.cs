namespace MathCritique.Grading;

/// <summary>
/// Why a pair was graded not equivalent, in a few words a person auditing a run can sort by: "different numbers:
/// 18 vs 17", "pred not extracted", "set items differ (…): …", "relation differs: …", "unparseable: …".
/// Read off the comparer's reason (its first clause names the family) and the two extracted answers.
/// </summary>
internal static class GradeDifference
{
    // The comparer's reasons by their opening words, most specific first, and the family each belongs to.
    private static readonly (string Prefix, string Family)[] Families =
    [
        ("different numbers", "different numbers"),
        ("different values (infinity)", "different numbers"),
        ("different number of items", "sizes differ"),
        ("different matrix sizes", "matrix sizes differ"),
        ("different matrices", "matrix entries differ"),
        ("different sets", "set items differ"),
        ("different intervals", "intervals differ"),
        ("different brackets", "brackets differ"),
        ("different kinds: the gold is a relation", "relation differs"),
        ("different kinds: the prediction is a relation", "relation differs"),
        ("different relations", "relation differs"),
        ("different equations", "relation differs"),
        ("different inequalities", "relation differs"),
        ("different kinds", "kinds differ"),
        ("different expressions", "different expressions"),
        ("different symbols", "different symbols"),
        ("different tuples", "items differ"),
        ("different bracketed lists", "items differ"),
        ("different lists", "items differ"),
    ];

    private const int MaxShown = 60;

    /// <summary>The short reason for a false verdict (see the type's summary).</summary>
    public static string Describe(string? goldAnswer, string? predictedAnswer, string reason)
    {
        if (goldAnswer is null)
            return "gold not extracted";
        if (predictedAnswer is null)
            return "pred not extracted";
        if (reason.StartsWith("unparseable", StringComparison.Ordinal))
            return reason;
        string pair = $"{Shown(goldAnswer)} vs {Shown(predictedAnswer)}";
        foreach (var (prefix, family) in Families)
        {
            if (!reason.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            // What the comparer adds after the family ("(3 vs 2)", "item 2: different numbers") says where they part.
            string detail = reason[prefix.Length..].TrimStart(':', ' ');
            if (detail.StartsWith('(') && detail.EndsWith(')'))
                detail = detail[1..^1];
            return detail.Length == 0 || family == "relation differs" ? $"{family}: {pair}" : $"{family} ({detail}): {pair}";
        }
        return $"{reason}: {pair}";
    }


    private static string Shown(string answer)
    {
        var oneLine = answer.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxShown ? oneLine : oneLine[..MaxShown] + "…";
    }
}
