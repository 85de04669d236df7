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
        var refinements = chosen.Select(s => s.Critique!.Refined).OfType<Attempt>().ToArray();
        var vote = Critiqued(MajorityIsCorrect(record, refined, scoring), chosen);
        return vote with
        {
            ActorTokens = vote.ActorTokens + refinements.Sum(r => r.Tokens),
            Calls = vote.Calls + refinements.Length,
            ActorPrompt = refinements.Aggregate(vote.ActorPrompt, (sum, r) => sum + PromptTokenCount.Of(r)),
        };
    }
}
