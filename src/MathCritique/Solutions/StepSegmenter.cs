namespace MathCritique.Solutions;

/// <summary>Splits a solution into steps: one non-empty line is one step.</summary>
public static class StepSegmenter
{
    /// <summary>Preambles actors write before the first step; they are not steps.</summary>
    private static readonly string[] Preambles =
    [
        "let's break it down step by step",
        "let's break this down step by step",
        "let's think step by step",
        "let us think step by step",
    ];

    public static IReadOnlyList<SolutionStep> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<SolutionStep>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || (steps.Count == 0 && IsPreamble(line)))
                continue;
            steps.Add(new SolutionStep(steps.Count + 1, line));
        }
        return steps;
    }

    /// <summary>Joins steps back into solution text (one step per line).</summary>
    public static string Join(IEnumerable<string> steps) => string.Join('\n', steps);

    /// <summary>The first <paramref name="count"/> steps as the start of a reply to continue (each line ended), or "" for none.</summary>
    public static string Prefix(IReadOnlyList<string> steps, int count) =>
        count == 0 ? "" : string.Join('\n', steps.Take(count)) + "\n";

    private static bool IsPreamble(string line)
    {
        var normalized = line.TrimEnd(':', '.', ' ').ToLowerInvariant().Replace('\u2019', '\'');
        return Preambles.Contains(normalized);
    }
}
