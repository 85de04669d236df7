namespace MathCritique.TestTime.Strategies;

/// <summary>
/// Sequential critique→refine rounds on the greedy attempt, in one <see cref="RefineVariant"/>; scored at every round
/// of the run.
/// </summary>
public sealed class CritiqueRefineStrategy : ITestTimeStrategy
{
    private CritiqueRefineStrategy(RefineVariant variant, string name) => (Variant, Name) = (variant, name);

    public static CritiqueRefineStrategy Critic { get; } = new(RefineVariant.Critic, StrategyNames.CritiqueRefine);
    public static CritiqueRefineStrategy Oracle { get; } = new(RefineVariant.Oracle, StrategyNames.CritiqueRefineOracle);
    public static CritiqueRefineStrategy Always { get; } = new(RefineVariant.Always, StrategyNames.CritiqueRefineAlways);

    public static CritiqueRefineStrategy For(RefineVariant variant) => variant switch
    {
        RefineVariant.Critic => Critic,
        RefineVariant.Oracle => Oracle,
        RefineVariant.Always => Always,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    public RefineVariant Variant { get; }
    public string Name { get; }

    public GenerationPlan Plan(CritiqueLoopOptions options) => new() { Chains = [Variant] };

    public (string Strategy, int Budget)? BaselineAt(int budget) => (StrategyNames.Greedy, 0);

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Chains.TryGetValue(Variant, out var steps))
            yield break;
        // Every chain is scored at every round of the run (the unconditional chain always runs them all): a chain the
        // critic stopped early keeps its last answer and compute, so each round's accuracy is over all problems.
        int rounds = Math.Max(1, record.Chains.Values.Max(s => s.Count));
        // Round r: the state after r critique→refine rounds (round 0 is the greedy attempt).
        var current = record.Greedy;
        double actorTokens = current.Tokens, criticTokens = 0, calls = 1;
        PromptTokenCount actorPrompt = PromptTokenCount.Of(current), criticPrompt = PromptTokenCount.None;
        for (int round = 1; round <= rounds; round++)
        {
            if (round <= steps.Count)
            {
                var step = steps[round - 1];
                criticTokens += step.Tokens;
                calls += step.CriticCalls;
                criticPrompt += PromptTokenCount.Of(step);
                if (step.Refined is { } refined)
                {
                    actorTokens += refined.Tokens;
                    calls += step.ActorCalls;
                    actorPrompt += PromptTokenCount.Of(refined);
                    current = refined;
                }
            }
            yield return new StrategyOutcome(Name, round, current.Correct ? 1 : 0, actorTokens, criticTokens, calls) { ActorPrompt = actorPrompt, CriticPrompt = criticPrompt };
        }
    }
}
