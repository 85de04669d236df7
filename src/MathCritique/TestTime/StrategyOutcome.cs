namespace MathCritique.TestTime;

/// <summary>
/// How one strategy did on one problem: its expected accuracy (0/1, or a fraction when averaged over
/// subsets of samples) and the compute it spent.
/// </summary>
/// <param name="Strategy">Strategy name, e.g. "maj" or "critique-refine".</param>
/// <param name="Budget">The strategy's budget: K samples for voting strategies, rounds for refinement chains.</param>
/// <param name="ActorTokens">Tokens the actor generated.</param>
/// <param name="CriticTokens">Tokens the critic generated.</param>
/// <param name="Calls">Requests the models received, actor and critic (a stepwise critique's one per step).</param>
public sealed record StrategyOutcome(string Strategy, int Budget, double Score, double ActorTokens, double CriticTokens, double Calls)
{
    /// <summary>Generated tokens, actor and critic.</summary>
    public double TotalTokens => ActorTokens + CriticTokens;

    /// <summary>The actor's prompt tokens.</summary>
    public PromptTokenCount ActorPrompt { get; init; }

    /// <summary>The critic's prompt tokens.</summary>
    public PromptTokenCount CriticPrompt { get; init; }
}

/// <summary>The names of the built-in strategies (<c>MathCritique.TestTime.Strategies</c>).</summary>
public static class StrategyNames
{
    public const string Greedy = "actor-greedy";
    public const string Sampled = "actor-sampled";
    public const string CritiqueRefine = "critique-refine";
    public const string CritiqueRefineOracle = "critique-refine-oracle";
    public const string CritiqueRefineAlways = "critique-refine-always";
    public const string MajorityVote = "maj";
    public const string PassAtK = "pass";
    public const string CritiqueFilteredVote = "critique-vote";
    public const string RefineThenVote = "refine-vote";
    public const string CriticWeightedVote = "weighted-vote";
}
