using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>What the runner has generated for one problem so far, phase by phase.</summary>
internal sealed class ProblemWork(Problem problem, Task<Completion> greedy)
{
    public Problem Problem { get; } = problem;
    public Task<Completion> GreedyRequest { get; } = greedy;
    public Attempt Greedy { get; set; } = null!;
    public Task<Completion>[] SampleRequests { get; set; } = [];
    public SampleWork[] Samples { get; set; } = [];
    public Dictionary<RefineVariant, ChainWork> Chains { get; } = [];
    public Dictionary<string, Task<Completion>[]> AttemptRequests { get; } = [];
    public Dictionary<string, IReadOnlyList<Attempt>> Attempts { get; } = [];

    public ProblemRecord ToRecord() => new()
    {
        Id = Problem.Id,
        Level = Problem.Level,
        Question = Problem.Question,
        Reference = Problem.ReferenceAnswer,
        Greedy = Greedy,
        Chains = Chains.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<CritiqueStep>)kv.Value.Steps),
        Samples = Samples.Select(s => new SampledAttempt(s.Attempt, s.Step)).ToArray(),
        Attempts = Attempts.Count == 0 ? null : Attempts,
    };
}

/// <summary>One sample: its critique and, when the critic rejects it, its refinement.</summary>
internal sealed class SampleWork(Attempt attempt)
{
    public Attempt Attempt { get; } = attempt;
    public Task<CriticReply>? CritiqueRequest { get; set; }
    public CriticReply? Critique { get; set; }
    public Task<Completion>? RefinementRequest { get; set; }
    public CritiqueStep? Step { get; set; }
}

/// <summary>A critique→refine chain on the greedy attempt.</summary>
internal sealed class ChainWork(RefineVariant variant, Attempt start)
{
    public RefineVariant Variant { get; } = variant;
    public Attempt Current { get; set; } = start;
    public List<CritiqueStep> Steps { get; } = [];
    public bool Done { get; set; }
    /// <summary>The critique of <see cref="Current"/> when the critic judged it as a candidate.</summary>
    public CriticReply? KnownCritique { get; set; }
}

/// <summary>One round of one chain, filled in phase by phase.</summary>
internal sealed class ChainRound(ProblemWork problem, ChainWork chain, Task<CriticReply>? critiqueRequest)
{
    public ProblemWork Problem { get; } = problem;
    public ChainWork Chain { get; } = chain;
    /// <summary>Null when the chain goes on with the critique its candidate got (<see cref="ChainWork.KnownCritique"/>).</summary>
    public Task<CriticReply>? CritiqueRequest { get; } = critiqueRequest;
    public CriticReply Critique { get; set; } = null!;
    public bool Reused { get; set; }
    public Task<Completion>[]? Candidates { get; set; }
    public Task<CriticReply>[]? CandidateCritiques { get; set; }
}
