namespace MathCritique.Critiques;

/// <summary>A critic's judgement of a step or a final answer.</summary>
public enum Verdict
{
    /// <summary>The critique gave no readable judgement.</summary>
    Unknown = 0,
    Correct,
    Wrong,
}
