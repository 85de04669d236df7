namespace MathCritique.TestTime.Strategies;

/// <summary>The actor alone, one sample at the sampling temperature: the mean over the K samples.</summary>
public sealed class SampledStrategy : ITestTimeStrategy
{
    public string Name => StrategyNames.Sampled;

    public GenerationPlan Plan(CritiqueLoopOptions options) => new() { Samples = true };

    public (string Strategy, int Budget)? BaselineAt(int budget) => null;

    public IEnumerable<StrategyOutcome> Score(ProblemRecord record, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(record);
        var samples = record.Samples;
        if (samples.Count == 0)
            return [];
        return [new StrategyOutcome(Name, 1, samples.Average(s => s.Attempt.Correct ? 1.0 : 0.0), samples.Average(s => s.Attempt.Tokens), 0, 1)
        {
            ActorPrompt = PromptTokenCount.Mean(samples.Select(s => PromptTokenCount.Of(s.Attempt)).ToArray()),
        }];
    }
}
