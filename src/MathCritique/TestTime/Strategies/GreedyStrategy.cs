namespace MathCritique.TestTime.Strategies;

/// <summary>The actor alone, decoding greedily: the baseline every critique→refine chain starts from.</summary>
public sealed class GreedyStrategy : ITestTimeStrategy
{
    public string Name => StrategyNames.Greedy;

    public GenerationPlan Plan(CritiqueLoopOptions options) => GenerationPlan.GreedyOnly;

    public (string Strategy, int Budget)? BaselineAt(int budget) => null;

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(record);
        var greedy = record.Greedy;
        return [new StrategyOutcome(Name, 0, greedy.Correct ? 1 : 0, greedy.Tokens, 0, 1) { ActorPrompt = PromptTokenCount.Of(greedy) }];
    }
}
