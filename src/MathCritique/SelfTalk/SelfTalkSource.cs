namespace MathCritique.SelfTalk;

/// <summary>A step to write into a trace, with what its check says when the step gets a confirmation.</summary>
public sealed record TraceStep(string Text, string Explanation = "");

/// <summary>A wrong attempt: the solution as written (step 1 onwards), the step its critique flags and why that step is wrong.</summary>
public sealed record WrongAttempt(IReadOnlyList<TraceStep> Steps, int FirstWrongStep, string Explanation)
{
    /// <summary>Where the first error truly is, when how the attempt was made says so (RG2/RG3's step); null when unknown.</summary>
    public int? KnownFirstError { get; init; }

    /// <summary>The attempt as solution text.</summary>
    public string Text => Solutions.StepSegmenter.Join(Steps.Select(s => s.Text));
}

/// <summary>
/// What one trace is made of: the wrong attempts in order (none for a trace of a right solution) and the right
/// solution. Each later attempt, and the solution, keeps the steps before the previous attempt's first wrong step
/// (it continues from there), so the trace writes the first attempt up to its wrong step, then each next attempt from
/// the step the previous one got wrong.
/// </summary>
public sealed record SelfTalkSource(IReadOnlyList<WrongAttempt> WrongAttempts, IReadOnlyList<TraceStep> Solution)
{
    /// <summary>The steps each check flags, in order.</summary>
    public IReadOnlyList<int> FlaggedSteps => WrongAttempts.Select(a => a.FirstWrongStep).ToArray();

    /// <summary>The solution the trace ends with.</summary>
    public IReadOnlyList<string> FinalSteps => Solution.Select(s => s.Text).ToArray();

    /// <summary>The steps of attempt <paramref name="index"/> (0-based; the solution after the wrong attempts).</summary>
    internal IReadOnlyList<TraceStep> AttemptSteps(int index) => index < WrongAttempts.Count ? WrongAttempts[index].Steps : Solution;

    private static IEnumerable<string> Texts(IReadOnlyList<TraceStep> steps, int count) => steps.Take(count).Select(s => s.Text);

    /// <summary>Throws when an attempt does not keep the steps before the previous attempt's wrong step, or flags a step it does not have.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(WrongAttempts);
        ArgumentNullException.ThrowIfNull(Solution);
        if (Solution.Count == 0)
            throw new ArgumentException("the solution has no steps", nameof(Solution));
        int from = 1;
        for (int i = 0; i <= WrongAttempts.Count; i++)
        {
            var steps = AttemptSteps(i);
            if (i > 0 && (steps.Count < from || !Texts(steps, from - 1).SequenceEqual(Texts(AttemptSteps(i - 1), from - 1))))
                throw new ArgumentException($"attempt {i + 1} does not keep steps 1-{from - 1} of the attempt before it and continue from step {from}");
            if (i == WrongAttempts.Count)
                break;
            int flagged = WrongAttempts[i].FirstWrongStep;
            if (flagged < from || flagged > steps.Count)
                throw new ArgumentException($"attempt {i + 1} flags step {flagged}, outside the steps {from}-{steps.Count} it writes");
            from = flagged;
        }
    }
}
