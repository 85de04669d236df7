using System.Text.RegularExpressions;

namespace MathCritique.SelfTalk;

/// <summary>
/// The self-talk trace format: a solution written one step per line, with check lines between steps, and a
/// correction line after a check that finds its step wrong. The steps after a correction replace the checked
/// step and everything after it.
/// <code>
/// He gets 2 * 7 = 14 beads.
/// Let me check step 1: 2 * 7 = 14 is correct. Step 1 is right.
/// He has 17 + 14 = 31 beads.
/// Let me check step 2: 17 is not given or computed before. It should be 10 + 14. Step 2 is wrong.
/// Let me correct it from step 2.
/// He has 10 + 14 = 24 beads.
/// The answer is 24.
/// </code>
/// A check opens the same way whatever its verdict, so a model learns to decide after its explanation, not before;
/// the verdict is the check line's last sentence.
/// </summary>
public static partial class SelfTalkFormat
{
    /// <summary>The check line of step <paramref name="step"/>: its explanation, then the verdict.</summary>
    public static string CheckLine(int step, string explanation, bool right)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var text = OneLine(explanation);
        if (text.Length > 0 && !".!?".Contains(text[^1], StringComparison.Ordinal))
            text += ".";
        var verdict = $"Step {step} is {(right ? "right" : "wrong")}.";
        return text.Length == 0 ? $"Let me check step {step}: {verdict}" : $"Let me check step {step}: {text} {verdict}";
    }

    /// <summary>The line after a wrong check: the steps that follow replace step <paramref name="step"/> onwards.</summary>
    public static string CorrectionLine(int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return $"Let me correct it from step {step}.";
    }

    /// <summary>A critique's explanation on one line (a trace holds one check per line).</summary>
    public static string OneLine(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();

    /// <summary>"Let me check step N: …", also with "Wait," before it, "recheck", or bullets and bold around it.</summary>
    [GeneratedRegex(@"^(?:wait\W*)?let me (?:re)?check step\s*(\d+)\s*[:.,\-]?\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex Check();

    /// <summary>The verdict sentence: "Step N is right/correct/wrong/incorrect/not right/not correct".</summary>
    [GeneratedRegex(@"\b(?:step\s*(\d+)|it|this step)\s+is\s+(not\s+right|not\s+correct|right|correct|wrong|incorrect)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex VerdictSentence();

    /// <summary>"Let me correct it from step N." (or "redo", "fix", "try again"; the step number is optional).</summary>
    [GeneratedRegex(@"^(?:wait\W*)?let me (?:correct|redo|fix|try again)\b[^0-9]*?(?:from step\s*(\d+))?\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex Correction();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
