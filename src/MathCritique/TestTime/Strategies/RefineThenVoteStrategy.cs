namespace MathCritique.TestTime.Strategies;

/// <summary>refine-vote@K: samples the critic rejects are refined once, then the K (refined) answers vote.</summary>
public sealed class RefineThenVoteStrategy : SampleVoteStrategy
{
    public override string Name => StrategyNames.RefineThenVote;

    // Without refinements of rejected samples (CritiqueLoopOptions.RefineRejectedSamples off) it votes over the samples as they are.
    public override GenerationPlan Plan(CritiqueLoopOptions options) =>
        new() { SampleCritiques = true, SampleRefinements = options?.RefineRejectedSamples ?? throw new ArgumentNullException(nameof(options)) };

    protected override SubsetVote? Vote(ProblemRecord record, IReadOnlyList<SampledAttempt> chosen, ScoringContext scoring)
    {
        if (chosen.Any(s => s.Critique is null))
            return null;
        var refined = chosen.Select(s => s.Critique!.Refined ?? s.Attempt).ToArray();
        int refinements = chosen.Count(s => s.Critique!.Refined is not null);
        double refineTokens = chosen.Sum(s => s.Critique!.Refined?.Tokens ?? 0);
        return new(MajorityIsCorrect(record, refined, scoring), ActorTokens(chosen) + refineTokens, CriticTokens(chosen), 2 * chosen.Count + refinements);
    }
}
