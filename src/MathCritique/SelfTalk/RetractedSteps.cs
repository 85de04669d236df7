using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>
/// Where a trace's retracted steps lie, as spans of its text to train without loss (<c>selftalk build --mask-retracted</c>).
/// Trained on as written, an actor learns to write the wrong first attempts the traces hold (most traces start with
/// one); masked, the wrong steps stay as the context the check and the correction answer, and the loss stays on the
/// right steps, every check line, the correction line and the corrected continuation.
/// </summary>
public static class RetractedSteps
{
    /// <summary>One span per step line a wrong check retracts (the line without its line break), in order; empty for a trace without flags.</summary>
    public static IReadOnlyList<CompletionSpan> Spans(string trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var retracted = SelfTalkParser.Parse(trace).RetractedStepLines;
        if (retracted.Count == 0)
            return [];
        // The parser numbers the lines of trace.Split('\n'): line n starts after the first n - 1 line breaks.
        var spans = new List<CompletionSpan>(retracted.Count);
        int line = 1, start = 0;
        foreach (int wanted in retracted)
        {
            for (; line < wanted; line++)
                start = trace.IndexOf('\n', start) + 1;
            int end = trace.IndexOf('\n', start);
            spans.Add(new CompletionSpan(start, (end < 0 ? trace.Length : end) - start));
        }
        return spans;
    }
}
