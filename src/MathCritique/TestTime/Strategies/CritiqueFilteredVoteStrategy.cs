namespace MathCritique.TestTime.Strategies;

/// <summary>
/// The paper's critique-vote@K: majority vote over the samples the critic accepts (over all K when it rejects every
/// one).
/// </summary>
public sealed class CritiqueFilteredVoteStrategy : SampleVoteStrategy
{
    public override string Name => StrategyNames.CritiqueFilteredVote;

    public override GenerationPlan Plan(CritiqueLoopOptions options) => new() { SampleCritiques = true };

    protected override SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring)
    {
        if (chosen.Any(s => s.Critique is null))
            return null;
        var accepted = chosen.Where(s => !s.Critique!.SaysWrong).ToArray();
        var voters = accepted.Length > 0 ? accepted : chosen; // fall back to all when the critic rejects every sample
        // Correctness is read from the first of all K samples with the winning answer, as for majority voting.
        var winner = scoring.Vote.Vote(voters.Select(s => s.Attempt.Answer).ToArray()).Winner;
        return Critiqued(scoring.IsCorrect(record, chosen.Select(s => s.Attempt), winner), chosen);
    }
}
