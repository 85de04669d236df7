namespace MathCritique.TestTime.Strategies;

/// <summary>maj@K: the most common answer among K samples (self-consistency), the baseline of the critique-based votes.</summary>
public sealed class MajorityVoteStrategy : SampleVoteStrategy
{
    public override string Name => StrategyNames.MajorityVote;

    public override GenerationPlan Plan(CritiqueLoopOptions options) => new() { Samples = true };

    public override (string Strategy, int Budget)? BaselineAt(int budget) => null;

    protected override SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring) =>
        Sampled(MajorityIsCorrect(record, chosen.Select(s => s.Attempt).ToArray(), scoring), chosen);
}
