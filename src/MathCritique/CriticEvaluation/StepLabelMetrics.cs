using MathCritique.Evaluation;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// How well a critic finds the first wrong step, with 95% bootstrap intervals: ProcessBench's three metrics —
/// accuracy on erroneous solutions (its first wrong step is the label; this is also our first-error localisation),
/// accuracy on right ones (no step flagged), and their harmonic mean F1 — and our verdict accuracy.
/// </summary>
/// <param name="Solutions">Solutions judged.</param>
/// <param name="Erroneous">Of them, those with a wrong step.</param>
/// <param name="ParseFailures">Critiques that could not be read; each counts as a miss.</param>
public sealed record StepLabelMetrics(
    int Solutions, int Erroneous, Estimate ErroneousAccuracy, Estimate CorrectAccuracy, Estimate F1, Estimate VerdictAccuracy, int ParseFailures)
{
    public static StepLabelMetrics From(IReadOnlyList<StepLabelJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        static double One(bool right) => right ? 1 : 0;
        var erroneous = judgements.Where(j => j.Label >= 0).ToArray();
        return new StepLabelMetrics(
            judgements.Count,
            erroneous.Length,
            BootstrapInterval.Mean(erroneous.Select(j => One(j.MatchesLabel)).ToArray()),
            BootstrapInterval.Mean(judgements.Where(j => j.Label < 0).Select(j => One(j.MatchesLabel)).ToArray()),
            BootstrapInterval.Of(judgements, F1Of),
            BootstrapInterval.Mean(judgements.Select(j => One(j.VerdictRight)).ToArray()),
            judgements.Count(j => j.Predicted is null));
    }

    /// <summary>ProcessBench's F1: the harmonic mean of the accuracies on erroneous and on right solutions (NaN without both).</summary>
    public static double F1Of(IReadOnlyList<StepLabelJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        int erroneous = 0, erroneousMatched = 0, right = 0, rightMatched = 0;
        foreach (var j in judgements)
        {
            if (j.Label >= 0)
                (erroneous, erroneousMatched) = (erroneous + 1, erroneousMatched + (j.MatchesLabel ? 1 : 0));
            else
                (right, rightMatched) = (right + 1, rightMatched + (j.MatchesLabel ? 1 : 0));
        }
        if (erroneous == 0 || right == 0)
            return double.NaN;
        return HarmonicMean((double)erroneousMatched / erroneous, (double)rightMatched / right);
    }

    /// <summary>2ab / (a + b); 0 when both are 0.</summary>
    public static double HarmonicMean(double a, double b) => a + b == 0 ? 0 : 2 * a * b / (a + b);
}
