namespace MathCritique.Critiques;

/// <summary>The critic's judgement of one solution step.</summary>
/// <param name="Index">1-based step position within the critique.</param>
/// <param name="StepText">The step as the critique quotes it.</param>
public sealed record StepVerdict(int Index, string StepText, Verdict Verdict, string Explanation)
{
    /// <summary>
    /// An optional working line written before the verdict (<c>Check: 27 given, 15 given, 27 + 15 = 42 same.</c>):
    /// critics that spell out what they compare decide from nearby tokens instead of at one verdict token.
    /// </summary>
    public string Check { get; init; } = "";
}

/// <summary>A step-level critique of a solution, in the paper's format.</summary>
public sealed record Critique(IReadOnlyList<StepVerdict> Steps, Verdict FinalAnswer, string FinalExplanation)
{
    /// <summary>1-based index of the first step judged wrong, or null when none is.</summary>
    public int? FirstWrongStep => Steps.FirstOrDefault(s => s.Verdict == Verdict.Wrong)?.Index;

    /// <summary>
    /// Whether the critique rejects the solution: its final-answer verdict, or, when that is missing,
    /// whether any step was judged wrong.
    /// </summary>
    public bool RejectsSolution => FinalAnswer switch
    {
        Verdict.Wrong => true,
        Verdict.Correct => false,
        _ => FirstWrongStep is not null,
    };

    /// <summary>The critique in the paper's text format.</summary>
    public override string ToString() => CritiqueFormatter.Format(this);
}
