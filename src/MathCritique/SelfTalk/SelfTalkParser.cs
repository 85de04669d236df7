using MathCritique.Critiques;

namespace MathCritique.SelfTalk;

/// <summary>
/// Reads a self-talk trace (<see cref="SelfTalkFormat"/>) back into attempts, checks and the final solution. Built
/// for model output too: whatever does not follow the format is reported in <see cref="SelfTalkTrace.Issues"/> with its
/// line, never thrown. A line that is neither a check nor a correction is a step.
/// </summary>
public static class SelfTalkParser
{
    public static SelfTalkTrace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            reader.Read(i + 1, lines[i].Trim());
        return reader.Finish(lines.Length);
    }

    private sealed class Reader
    {
        private readonly List<string> _steps = [];
        private readonly List<int> _stepLines = []; // the line of each of _steps
        private readonly List<int> _retractedLines = [];
        private readonly List<SelfTalkAttempt> _attempts = [];
        private readonly List<SelfCheck> _checks = [];
        private readonly List<SelfTalkParseIssue> _issues = [];
        private int _attemptStart = 1;
        private int? _awaitingCorrection;

        public void Read(int line, string text)
        {
            if (text.Length == 0)
                return;
            // Bullets and bold are decoration a model may add; the words decide what a line is.
            var bare = text.TrimStart('-', '*', '#', '>', ' ').Replace("**", "", StringComparison.Ordinal).Trim();
            if (SelfTalkFormat.Check().Match(bare) is { Success: true } check)
                ReadCheck(line, int.TryParse(check.Groups[1].ValueSpan, out int n) ? n : 0, check.Groups[2].Value);
            else if (SelfTalkFormat.Correction().Match(bare) is { Success: true } correction)
                ReadCorrection(line, correction.Groups[1].Success && int.TryParse(correction.Groups[1].ValueSpan, out int from) ? from : null);
            else
            {
                _steps.Add(text);
                _stepLines.Add(line);
                _awaitingCorrection = null;
            }
        }

        private void ReadCheck(int line, int step, string rest)
        {
            var verdicts = SelfTalkFormat.VerdictSentence().Matches(rest);
            if (verdicts.Count == 0)
            {
                _issues.Add(new(line, $"the check of step {step} has no verdict (\"Step {step} is right/wrong\"); ignored"));
                return;
            }
            var last = verdicts[^1];
            var word = last.Groups[2].Value.ToLowerInvariant();
            var verdict = word is "right" or "correct" ? Verdict.Correct : Verdict.Wrong;
            if (last.Groups[1].Success && int.TryParse(last.Groups[1].ValueSpan, out int named) && named != step)
                _issues.Add(new(line, $"the check of step {step} gives its verdict on step {named}"));
            if (_steps.Count == 0)
            {
                _issues.Add(new(line, $"a check of step {step} before any step; ignored"));
                return;
            }
            if (step < 1 || step > _steps.Count)
            {
                _issues.Add(new(line, $"a check of step {step} after {_steps.Count} steps; taken as a check of step {_steps.Count}"));
                step = _steps.Count;
            }
            // The explanation is the rest of the line: before the verdict (the format), or after it ("Step 2 is wrong because …").
            var explanation = (rest[..last.Index].Trim() + " " + rest[(last.Index + last.Length)..].TrimStart('.', '!', ',', ':', ' ')).Trim();
            _checks.Add(new SelfCheck(step, verdict, explanation, _attempts.Count + 1, line));
            if (verdict != Verdict.Wrong)
                return;
            _attempts.Add(new SelfTalkAttempt(_attemptStart, _steps.ToArray(), step));
            _steps.RemoveRange(step - 1, _steps.Count - step + 1);
            _retractedLines.AddRange(_stepLines[(step - 1)..]);
            _stepLines.RemoveRange(step - 1, _stepLines.Count - step + 1);
            _attemptStart = step;
            _awaitingCorrection = step;
        }

        private void ReadCorrection(int line, int? from)
        {
            if (_awaitingCorrection is not { } step)
                _issues.Add(new(line, "a correction without a wrong check before it; ignored"));
            else if (from is { } named && named != step)
                _issues.Add(new(line, $"the correction names step {named}, the check flagged step {step}"));
            _awaitingCorrection = null;
        }

        public SelfTalkTrace Finish(int lines)
        {
            if (_steps.Count == 0 && _attempts.Count == 0)
                _issues.Add(new(lines, "no steps"));
            else if (_steps.Count < _attemptStart)
                _issues.Add(new(lines, $"nothing written after the correction from step {_attemptStart}"));
            _attempts.Add(new SelfTalkAttempt(_attemptStart, _steps.ToArray(), null));
            _retractedLines.Sort();
            return new SelfTalkTrace(_attempts, _checks, _issues) { RetractedStepLines = _retractedLines };
        }
    }
}
