using MathCritique.Critiques;

namespace MathCritique.Lab;

/// <summary>
/// The lab's procedural reference critic: a program that runs the procedure the lab critic's check lines were taught,
/// and nothing else. Each operand of each step is scanned against the question's numbers and the results written
/// before it (<c>new</c> when it is neither, <c>used</c> when it was used already), each sum is redone (<c>not</c>),
/// and an answer line is compared with the last result (<c>not last</c>); a step is Wrong exactly when its line has
/// one of these marks (<see cref="LabCheckLines.Read"/>, the <see cref="LabCheckStyle.ScanPairs"/> line the shipped
/// critic writes). Like the critic it reads only the question's numbers and the solution, never the problem's plan
/// or answer, so the plan errors no mark names — a wrong operation, another number at hand, stopping early — pass:
/// its figures are what the task's procedure can reach, beside which a lab critic's show what the model adds or misses.
/// </summary>
public static class LabProcedureCritic
{
    /// <summary>The check-line style it writes: the shipped critic's (<c>lab-critic-deep.gguf</c>).</summary>
    public const LabCheckStyle Style = LabCheckStyle.ScanPairs;

    /// <summary>A critique of the whole solution, judging no step after the first wrong one (as the lab critics do).</summary>
    /// <param name="numbers">The question's numbers in order (its Numbers line).</param>
    /// <param name="steps">The solution's steps, one per entry.</param>
    public static Critique Critique(IReadOnlyList<decimal> numbers, IReadOnlyList<string> steps)
    {
        var lines = LabCheckLines.Read(numbers, steps, Style);
        var judged = new List<StepVerdict>();
        for (int k = 0; k < steps.Count && judged.LastOrDefault()?.Verdict != Verdict.Wrong; k++)
            judged.Add(Judge(k + 1, steps[k], lines[k]));
        var answer = FinalAnswer(steps);
        var wrong = judged.FirstOrDefault(s => s.Verdict == Verdict.Wrong);
        // Like the oracle: no answer line is a wrong final answer; a flagged step makes the answer wrong.
        return (wrong, answer) switch
        {
            (_, null) => new Critique(judged, Verdict.Wrong, "There is no final answer."),
            (null, { } a) => new Critique(judged, Verdict.Correct, $"The answer {a} is correct."),
            ({ } w, { } a) => new Critique(judged, Verdict.Wrong, $"The answer {a} is wrong because of step {w.Index}."),
        };
    }

    /// <summary>The verdict on the last of <paramref name="steps"/>, the others being the steps before it (the stepwise prompt's question).</summary>
    public static StepVerdict JudgeLast(IReadOnlyList<decimal> numbers, IReadOnlyList<string> steps)
    {
        ArgumentOutOfRangeException.ThrowIfZero(steps.Count);
        return Judge(steps.Count, steps[^1], LabCheckLines.Read(numbers, steps, Style)[^1]);
    }

    private static StepVerdict Judge(int index, string step, LabCheckLine line) =>
        new(index, step, line.IsBad ? Verdict.Wrong : Verdict.Correct, line.IsBad ? line.Flags[0] : Accepted(step)) { Check = line.Text };

    // The oracle's words for a right step.
    private static string Accepted(string step) => LabComputation.FindAll(step) switch
    {
        { Count: > 0 } computations => string.Join(" ", computations.Select(c => $"{c} is correct.")),
        _ when LabStepChecker.StatedAnswer(step) is not null => "It matches the last result.",
        _ => "Nothing to compute here.",
    };

    // The number the last answer line states, as the checker reads it.
    private static string? FinalAnswer(IReadOnlyList<string> steps) =>
        steps.Select(LabStepChecker.StatedAnswer).LastOrDefault(a => a is not null) is { } answer && LabStepChecker.TryNumber(answer, out var value)
            ? LabOperators.Format(value)
            : null;
}
