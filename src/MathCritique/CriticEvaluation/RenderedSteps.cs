using MathCritique.Solutions;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// Labelled steps as the critic reads them: one step per line, the way the paper's prompts present a solution and
/// <see cref="StepSegmenter"/> splits one (so the stepwise critic asks about the same steps), with a step's own line
/// breaks made spaces. A critique's k-th step is then the k-th line, which <see cref="LabelOf"/> maps back to the
/// 0-based index the data labels (past an empty step, which is no line).
/// </summary>
public sealed class RenderedSteps
{
    private readonly int[] _stepOfLine;
    private readonly int _steps;

    private RenderedSteps(string text, int[] stepOfLine, int steps)
    {
        Text = text;
        _stepOfLine = stepOfLine;
        _steps = steps;
    }

    /// <summary>The solution text the critic is shown.</summary>
    public string Text { get; }

    public static RenderedSteps From(IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var lines = steps.Select(s => s.ReplaceLineEndings(" ").Trim()).ToArray();
        string text = StepSegmenter.Join(lines.Where(l => l.Length > 0));
        // Align the segmenter's steps with ours: it drops empty lines and a preamble ("Let's think step by step").
        var stepOfLine = new List<int>();
        int next = 0;
        foreach (var segment in StepSegmenter.Split(text))
        {
            while (lines[next] != segment.Text)
                next++;
            stepOfLine.Add(next++);
        }
        return new RenderedSteps(text, stepOfLine.ToArray(), steps.Count);
    }

    /// <summary>
    /// The 0-based labelled step that a critique's 1-based step <paramref name="critiqueStep"/> judges; a step past the
    /// last gets an index past the solution's, which no label has.
    /// </summary>
    public int LabelOf(int critiqueStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(critiqueStep, 1);
        return critiqueStep <= _stepOfLine.Length ? _stepOfLine[critiqueStep - 1] : _steps + (critiqueStep - 1 - _stepOfLine.Length);
    }
}
