using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>Compute spent by one strategy on one problem: model calls and generated tokens, for actor and critic.</summary>
public sealed record ComputeUsage(int ActorCalls, long ActorTokens, int CriticCalls, long CriticTokens)
{
    public static ComputeUsage None { get; } = new(0, 0, 0, 0);

    public long TotalTokens => ActorTokens + CriticTokens;
    public int TotalCalls => ActorCalls + CriticCalls;

    public static ComputeUsage operator +(ComputeUsage a, ComputeUsage b) =>
        new(a.ActorCalls + b.ActorCalls, a.ActorTokens + b.ActorTokens, a.CriticCalls + b.CriticCalls, a.CriticTokens + b.CriticTokens);

    /// <summary>One generated completion counts as one call.</summary>
    public static ComputeUsage ForActor(IEnumerable<Completion> completions)
    {
        int calls = 0;
        long tokens = 0;
        foreach (var c in completions)
        {
            calls++;
            tokens += c.GeneratedTokens;
        }
        return new ComputeUsage(calls, tokens, 0, 0);
    }

    public static ComputeUsage ForCritic(IEnumerable<Completion> completions)
    {
        var actor = ForActor(completions);
        return new ComputeUsage(0, 0, actor.ActorCalls, actor.ActorTokens);
    }
}
