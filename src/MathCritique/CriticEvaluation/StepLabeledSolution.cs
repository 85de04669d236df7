namespace MathCritique.CriticEvaluation;

/// <summary>
/// A solution whose steps carry a label on the first wrong one, as step-level benchmarks give them (ProcessBench,
/// PRM800K): the critic is scored on finding that step, or on flagging none when there is none.
/// </summary>
/// <param name="Id">The sample's id, unique within its subset.</param>
/// <param name="Subset">Which part of the data it belongs to (ProcessBench: gsm8k, math, olympiadbench, omnimath).</param>
/// <param name="Label">0-based index of the first wrong step, or -1 when every step is right (ProcessBench's <c>label</c>).</param>
public sealed record StepLabeledSolution(string Id, string Subset, string Problem, IReadOnlyList<string> Steps, int Label)
{
    /// <summary>The model that wrote the solution, when the data says.</summary>
    public string? Generator { get; init; }

    /// <summary>Whether the final answer is right, when the data says (it can be right after a wrong step).</summary>
    public bool? FinalAnswerCorrect { get; init; }

    /// <summary>
    /// How the label is known, when the data says (the <c>label_source</c> our exports write: an exact checker, an
    /// inserted mistake, a resampled step — a lower bound on the first error — or a right final answer).
    /// </summary>
    public string? LabelSource { get; init; }

    /// <summary>Where it was read (<c>file:line</c>), for messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>Whether some step is wrong.</summary>
    public bool HasError => Label >= 0;
}
