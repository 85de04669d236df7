namespace MathCritique.TestTime.Strategies;

/// <summary>pass@K (<see cref="PassAtK"/>): whether any of K samples is right, an upper bound for choosing among them.</summary>
public sealed class PassAtKStrategy : ITestTimeStrategy
{
    public string Name => StrategyNames.PassAtK;

    public GenerationPlan Plan(CritiqueLoopOptions options) => new() { Samples = true };

    public (string Strategy, int Budget)? BaselineAt(int budget) => null;

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(record);
        var samples = record.Samples;
        int correct = samples.Count(s => s.Attempt.Correct);
        var prompt = PromptTokenCount.Mean(samples.Select(s => PromptTokenCount.Of(s.Attempt)).ToArray());
        foreach (int k in StrategyScorer.Budgets(samples.Count))
            yield return new StrategyOutcome(Name, k, PassAtK.Estimate(samples.Count, correct, k), k * samples.Average(s => s.Attempt.Tokens), 0, k) { ActorPrompt = k * prompt };
    }
}
