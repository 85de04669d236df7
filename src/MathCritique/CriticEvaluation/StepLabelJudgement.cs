using MathCritique.Critiques;

namespace MathCritique.CriticEvaluation;

/// <summary>What the critic said about one step-labelled solution (a line of <c>critic-eval --data</c>'s records.jsonl).</summary>
/// <param name="Label">The data's 0-based first wrong step, or -1.</param>
/// <param name="Predicted">
/// The 0-based first step the critique judges wrong, -1 when it judges none wrong and gives a final verdict, null when
/// it could not be read (no step judged wrong and no final verdict: a parse failure, wrong by every measure).
/// </param>
/// <param name="SaysWrong">The critique rejects the solution (its final verdict, else whether a step is wrong).</param>
public sealed record StepLabelJudgement(string Id, string Subset, int Label, int? Predicted, bool SaysWrong, string Critique)
{
    public bool? FinalAnswerCorrect { get; init; }

    /// <summary>How the label is known, when the data says (<see cref="StepLabeledSolution.LabelSource"/>).</summary>
    public string? LabelSource { get; init; }

    /// <summary>ProcessBench's match: the critic's first wrong step is the label (on a right solution: it flags none).</summary>
    public bool MatchesLabel => Predicted == Label;

    /// <summary>The verdict on the whole solution agrees with the label (wrong when some step is).</summary>
    public bool VerdictRight => Predicted is not null && SaysWrong == (Label >= 0);

    /// <summary>Reads <paramref name="critique"/> of <paramref name="solution"/>, whose steps the critic saw as <paramref name="rendered"/>.</summary>
    public static StepLabelJudgement From(StepLabeledSolution solution, RenderedSteps rendered, string critique)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(critique);
        var parsed = CritiqueParser.Parse(critique).Critique;
        int? predicted = parsed.FirstWrongStep is int step ? rendered.LabelOf(step)
            : parsed.FinalAnswer != Verdict.Unknown ? -1
            : null;
        return new StepLabelJudgement(solution.Id, solution.Subset, solution.Label, predicted, predicted is not null && parsed.RejectsSolution, critique)
        {
            FinalAnswerCorrect = solution.FinalAnswerCorrect,
            LabelSource = solution.LabelSource,
        };
    }
}
