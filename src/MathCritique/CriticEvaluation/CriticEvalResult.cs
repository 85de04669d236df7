namespace MathCritique.CriticEvaluation;

/// <summary>What the critic said about one labeled solution and what the actor did with it.</summary>
public sealed record CriticJudgement(
    string Id, int? Level, bool SolutionCorrect, int? TrueFirstWrongStep,
    string Critique, bool ParseFailed, bool SaysWrong, int? PredictedFirstWrongStep,
    bool? RefinedCorrect, bool? BaselineRefinedCorrect)
{
    /// <summary>The solution judged, so that a judgement can be read on its own.</summary>
    public string Solution { get; init; } = "";
}

/// <summary>Critique quality metrics over a set of judgements.</summary>
/// <param name="VerdictAccuracy">Final verdict agrees with the truth.</param>
/// <param name="WrongPrecision">Of solutions the critic rejected, the fraction truly wrong.</param>
/// <param name="WrongRecall">Of truly wrong solutions, the fraction the critic rejected.</param>
/// <param name="LocalizationAccuracy">Of truly wrong solutions, the fraction where the critic's first wrong step is the true one.</param>
/// <param name="ParseFailureRate">Critiques that could not be read: nothing parsed, or a stepwise step without a readable verdict.</param>
/// <param name="FixRate">Wrong→right after a refinement guided by the critique (over truly wrong solutions).</param>
/// <param name="BreakRate">Right→wrong after a refinement guided by the critique (over truly right solutions).</param>
/// <param name="BaselineFixRate">Wrong→right with the "your answer is wrong, try again" baseline feedback.</param>
public sealed record CriticMetrics(
    int Solutions, int WrongSolutions,
    double VerdictAccuracy, double WrongPrecision, double WrongRecall, double LocalizationAccuracy,
    double ParseFailureRate, double FixRate, double BreakRate, double BaselineFixRate)
{
    public static CriticMetrics From(IReadOnlyList<CriticJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        static double Rate(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
        var wrong = judgements.Where(j => !j.SolutionCorrect).ToArray();
        var right = judgements.Where(j => j.SolutionCorrect).ToArray();
        var rejected = judgements.Where(j => j.SaysWrong).ToArray();
        return new CriticMetrics(
            judgements.Count,
            wrong.Length,
            Rate(judgements.Count(j => j.SaysWrong != j.SolutionCorrect), judgements.Count),
            Rate(rejected.Count(j => !j.SolutionCorrect), rejected.Length),
            Rate(wrong.Count(j => j.SaysWrong), wrong.Length),
            Rate(wrong.Count(j => j.PredictedFirstWrongStep is not null && j.PredictedFirstWrongStep == j.TrueFirstWrongStep), wrong.Length),
            Rate(judgements.Count(j => j.ParseFailed), judgements.Count),
            Rate(wrong.Count(j => j.RefinedCorrect == true), wrong.Length),
            Rate(right.Count(j => j.RefinedCorrect == false), right.Length),
            Rate(wrong.Count(j => j.BaselineRefinedCorrect == true), wrong.Length));
    }
}
