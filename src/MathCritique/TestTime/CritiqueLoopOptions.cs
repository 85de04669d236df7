using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>What a critique-loop evaluation generates per problem.</summary>
public sealed record CritiqueLoopOptions
{
    /// <summary>Independent actor samples per problem (the largest K of the voting curves).</summary>
    public int Samples { get; init; } = 8;
    /// <summary>Sequential critique→refine rounds on the greedy solution.</summary>
    public int Rounds { get; init; } = 1;
    /// <summary>Refinement variants to run as sequential chains.</summary>
    public IReadOnlyList<RefineVariant> Variants { get; init; } = [RefineVariant.Critic, RefineVariant.Oracle, RefineVariant.Always];
    /// <summary>Refine sampled attempts the critic rejects (needed for refine-then-vote).</summary>
    public bool RefineRejectedSamples { get; init; } = true;
    /// <summary>How the actor refines a rejected solution: the paper's rewrite, or continuing from the first wrong step.</summary>
    public RefineMode Refine { get; init; } = RefineMode.Rewrite;
    /// <summary>
    /// With <see cref="RefineMode.Resume"/>: refinements sampled per chain round; the critic judges each and the chain
    /// goes on with the first it accepts, else the one whose first wrong step comes latest.
    /// </summary>
    public int RefineCandidates { get; init; } = 1;
    /// <summary>How the actor samples (the greedy attempt and rewrites in the chains decode greedily; resumed chains sample like this).</summary>
    public SamplingOptions ActorSampling { get; init; } = new() { Temperature = 0.8f, MaxTokens = 256 };
    public SamplingOptions CriticSampling { get; init; } = new() { Temperature = 0f, MaxTokens = 512 };
    /// <summary>With a stepwise prompt set: judgements per step, majority verdict (needs a critic temperature above 0).</summary>
    public int CriticVotes { get; init; } = 1;
    /// <summary>Problems generated together, so the engine can batch their requests.</summary>
    public int ProblemsPerBatch { get; init; } = 16;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Samples < 0)
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "must be >= 0");
        if (Rounds < 0)
            throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, "must be >= 0");
        if (RefineCandidates < 1)
            throw new ArgumentOutOfRangeException(nameof(RefineCandidates), RefineCandidates, "must be >= 1");
        if (RefineCandidates > 1 && Refine != RefineMode.Resume)
            throw new ArgumentException($"{nameof(RefineCandidates)} > 1 needs {nameof(RefineMode)}.{nameof(RefineMode.Resume)} (rewrites in the chains are greedy, so their candidates would be the same)", nameof(RefineCandidates));
        if (ProblemsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(ProblemsPerBatch), ProblemsPerBatch, "must be >= 1");
        ActorSampling.Validate();
        CriticSampling.Validate();
        StepVoting.Validate(CriticVotes, CriticSampling);
    }
}
