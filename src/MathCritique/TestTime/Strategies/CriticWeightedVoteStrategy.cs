namespace MathCritique.TestTime.Strategies;

/// <summary>weighted-vote@K: every sample votes, a rejected one with <see cref="RejectedWeight"/> of an accepted one's weight.</summary>
public sealed class CriticWeightedVoteStrategy : SampleVoteStrategy
{
    /// <summary>Weight a rejected sample keeps (accepted samples weigh 1).</summary>
    public const double RejectedWeight = 0.2;

    public override string Name => StrategyNames.CriticWeightedVote;

    public override GenerationPlan Plan(CritiqueLoopOptions options) => new() { SampleCritiques = true };

    protected override SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring)
    {
        if (chosen.Any(s => s.Critique is null))
            return null;
        var weights = chosen.Select(s => s.Critique!.SaysWrong ? RejectedWeight : 1.0).ToArray();
        return Critiqued(MajorityIsCorrect(record, chosen.Select(s => s.Attempt).ToArray(), scoring, weights), chosen);
    }
}
