namespace MathCritique.Grading;

/// <summary>The verdict of comparing a prediction with a gold answer.</summary>
/// <param name="Correct">Whether the predicted answer is equivalent to the gold one.</param>
/// <param name="GoldAnswer">The answer extracted from the gold text, if any.</param>
/// <param name="PredictedAnswer">The answer extracted from the prediction, if any.</param>
/// <param name="Reason">Why: which equivalence held, or why none did (e.g. "unparseable").</param>
public sealed record GradeResult(bool Correct, string? GoldAnswer, string? PredictedAnswer, string Reason)
{
    /// <summary>Which extraction rule found <see cref="GoldAnswer"/>; null when none did or none ran (<see cref="MathGrader.CompareAnswers"/>).</summary>
    public ExtractionMethod? GoldRule { get; init; }

    /// <summary>Which extraction rule found <see cref="PredictedAnswer"/>; null when none did or none ran.</summary>
    public ExtractionMethod? PredictionRule { get; init; }

    /// <summary>
    /// For a false verdict, why the answers differ in a few words ("different numbers: 18 vs 17", "pred not extracted",
    /// "relation differs: x = 5 vs x = 6", "unparseable: …"); null when they are equivalent.
    /// </summary>
    public string? Why => Correct ? null : GradeDifference.Describe(GoldAnswer, PredictedAnswer, Reason);
}
