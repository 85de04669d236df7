using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>Counts the tokens the loss is on: a completion's, less its unscored spans'.</summary>
public static class TrainedTokens
{
    /// <summary>
    /// The completion's scored pieces, each counted alone as the trainer encodes them (<see cref="SftExample.CompletionPieces"/>);
    /// without unscored spans, the whole completion's count.
    /// </summary>
    public static long CountTrained(this ITokenCounter counter, SftExample example)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(example);
        if (example.Unscored.Count == 0)
            return counter.Count(example.Completion);
        return example.CompletionPieces().Where(p => p.Scored).Sum(p => (long)counter.Count(p.Text));
    }
}
