using System.Text.RegularExpressions;

namespace MathCritique.Critiques;

/// <summary>Something in a critique text the parser could not read, with its 1-based line.</summary>
public sealed record CritiqueParseIssue(int Line, string Message);

/// <summary>A parsed critique and what could not be parsed.</summary>
public sealed record CritiqueParseResult(Critique Critique, IReadOnlyList<CritiqueParseIssue> Issues)
{
    /// <summary>True when nothing usable was found: no step verdict and no final verdict.</summary>
    public bool IsEmpty => Critique.Steps.Count == 0 && Critique.FinalAnswer == Verdict.Unknown;
}

/// <summary>
/// Tolerant reader of the paper's critique format. It accepts <c>Incorrect</c>, missing fields,
/// extra blank lines, markdown bold/bullets and multi-line explanations, and reports what it
/// could not read instead of throwing.
/// </summary>
public static partial class CritiqueParser
{
    private enum Field { Step, Check, StepVerdict, Explanation, FinalVerdict }

    // Optional bullet/number/heading, optional bold, the label, optional bold, a colon, optional bold.
    [GeneratedRegex(
        @"^\s*(?:[-*•]\s+|\d+[.)]\s+|#+\s*)?(?:\*\*|__)?\s*(?<label>step\s*sentence|step\s*\d+(?:\s*sentence)?|step|correctness\s+of\s+(?:the\s+)?step(?:\s*\d+)?|step\s+correctness|correctness\s+of\s+(?:the\s+)?final\s+answer|final\s+answer\s+correctness|correctness\s+of\s+(?:the\s+)?answer|final\s+verdict|check|explanation|reason(?:ing)?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?(?<value>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FieldLine();

    public static CritiqueParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ParserState();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
            state.Read(i + 1, lines[i]);
        return state.Finish();
    }

    /// <summary>Reads a verdict word (Correct/Wrong/Incorrect/...), or Unknown.</summary>
    public static Verdict ParseVerdict(string value)
    {
        var word = value.Trim().Trim('*', '_', '.', '!', '`', '"', '\'', ' ').ToLowerInvariant();
        if (word.StartsWith("incorrect", StringComparison.Ordinal) || word.StartsWith("wrong", StringComparison.Ordinal)
            || word.StartsWith("not correct", StringComparison.Ordinal) || word is "false" or "no" or "error")
            return Verdict.Wrong;
        if (word.StartsWith("correct", StringComparison.Ordinal) || word is "right" or "true" or "yes")
            return Verdict.Correct;
        return Verdict.Unknown;
    }

    private static Field Classify(string label)
    {
        var l = label.ToLowerInvariant();
        if (l.Contains("final") || l.Contains("answer"))
            return Field.FinalVerdict;
        if (l.StartsWith("correctness", StringComparison.Ordinal) || l.EndsWith("correctness", StringComparison.Ordinal))
            return Field.StepVerdict;
        if (l == "check")
            return Field.Check;
        if (l.StartsWith("explanation", StringComparison.Ordinal) || l.StartsWith("reason", StringComparison.Ordinal))
            return Field.Explanation;
        return Field.Step;
    }

    // "**Label:** value" is handled by the pattern; "**Label: value**" leaves a closing "**" to drop.
    private static string CleanValue(string value)
    {
        var v = value.Trim();
        foreach (var bold in (ReadOnlySpan<string>)["**", "__"])
        {
            if (v.EndsWith(bold, StringComparison.Ordinal) && !v[..^2].Contains(bold, StringComparison.Ordinal))
                v = v[..^2].TrimEnd();
        }
        return v;
    }

    private sealed class ParserState
    {
        private readonly List<StepVerdict> _steps = [];
        private readonly List<CritiqueParseIssue> _issues = [];
        private string? _stepText;
        private Verdict _stepVerdict;
        private string? _stepExplanation;
        private string? _stepCheck;
        private bool _inFinal;
        private Verdict _final;
        private string? _finalExplanation;
        private bool _lastWasExplanation;

        public void Read(int lineNumber, string line)
        {
            if (line.Trim().Length == 0)
            {
                _lastWasExplanation = false;
                return;
            }
            var match = FieldLine().Match(line);
            if (!match.Success)
            {
                if (_lastWasExplanation)
                    AppendExplanation(line.Trim());
                else
                    _issues.Add(new CritiqueParseIssue(lineNumber, $"unrecognised line: {Truncate(line)}"));
                return;
            }
            var value = CleanValue(match.Groups["value"].Value);
            _lastWasExplanation = false;
            switch (Classify(match.Groups["label"].Value))
            {
                case Field.Step:
                    FlushStep();
                    _inFinal = false;
                    _stepText = value;
                    break;
                case Field.Check:
                    // A working line belongs to the step it follows; one after a verdict starts no new step.
                    if (_inFinal || _stepText is null)
                        _issues.Add(new CritiqueParseIssue(lineNumber, "check line without a step sentence"));
                    else
                        _stepCheck = value;
                    break;
                case Field.StepVerdict:
                    if (_inFinal || (_stepText is null && _stepVerdict != Verdict.Unknown))
                        FlushStep();
                    if (_stepText is null)
                        _issues.Add(new CritiqueParseIssue(lineNumber, "step verdict without a step sentence"));
                    _inFinal = false;
                    _stepVerdict = ReadVerdict(lineNumber, value);
                    break;
                case Field.FinalVerdict:
                    FlushStep();
                    _inFinal = true;
                    _final = ReadVerdict(lineNumber, value);
                    break;
                case Field.Explanation:
                    _lastWasExplanation = true;
                    if (_inFinal)
                        _finalExplanation = value;
                    else if (_stepText is null && _stepVerdict == Verdict.Unknown)
                    {
                        _issues.Add(new CritiqueParseIssue(lineNumber, "explanation without a step or verdict"));
                        _lastWasExplanation = false;
                    }
                    else
                        _stepExplanation = value;
                    break;
            }
        }

        public CritiqueParseResult Finish()
        {
            FlushStep();
            if (_final == Verdict.Unknown)
                _issues.Add(new CritiqueParseIssue(0, "no verdict on the final answer"));
            return new CritiqueParseResult(new Critique(_steps.ToArray(), _final, _finalExplanation ?? ""), _issues.ToArray());
        }

        private Verdict ReadVerdict(int lineNumber, string value)
        {
            var verdict = ParseVerdict(value);
            if (verdict == Verdict.Unknown)
                _issues.Add(new CritiqueParseIssue(lineNumber, $"unreadable verdict: {Truncate(value)}"));
            return verdict;
        }

        private void AppendExplanation(string text)
        {
            if (_inFinal)
                _finalExplanation = Join(_finalExplanation, text);
            else
                _stepExplanation = Join(_stepExplanation, text);
        }

        private static string Join(string? head, string tail) => string.IsNullOrEmpty(head) ? tail : head + " " + tail;

        private void FlushStep()
        {
            if (_stepText is null && _stepVerdict == Verdict.Unknown && _stepExplanation is null)
                return;
            if (_stepVerdict == Verdict.Unknown && _stepText is not null)
                _issues.Add(new CritiqueParseIssue(0, $"step {_steps.Count + 1} has no verdict"));
            _steps.Add(new StepVerdict(_steps.Count + 1, _stepText ?? "", _stepVerdict, _stepExplanation ?? "") { Check = _stepCheck ?? "" });
            _stepText = null;
            _stepCheck = null;
            _stepVerdict = Verdict.Unknown;
            _stepExplanation = null;
        }

        private static string Truncate(string s) => s.Length <= 80 ? s.Trim() : s[..80].Trim() + "…";
    }
}
