using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>Where each iteration's fine-tune starts.</summary>
public enum TrainFrom
{
    /// <summary>From the base actor every iteration (the authors, ReST-EM, STaR): the data changes, the start does not.</summary>
    Base,
    /// <summary>From the previous iteration's model.</summary>
    Previous,
}

/// <summary>What one iteration of the self-improvement loop does, identical across the arms of an experiment.</summary>
public sealed record SelfImprovementOptions
{
    public int Iterations { get; init; } = 3;

    /// <summary>First attempts per training problem (N); with <see cref="DifficultyAware"/>, the mean.</summary>
    public int Samples { get; init; } = 4;

    /// <summary>Refinements sampled per critique of a wrong solution (the authors: N).</summary>
    public int Refinements { get; init; } = 4;

    /// <summary>Critique→refine rounds per wrong solution: a round whose refinements are all wrong is followed by a critique of its first one.</summary>
    public int Rounds { get; init; } = 1;

    public RefineMode Refine { get; init; } = RefineMode.Rewrite;

    /// <summary>How the actor samples first attempts and refinements (the authors: T = 0.7). The held-out evaluation is greedy with the same token limit.</summary>
    public SamplingOptions ActorSampling { get; init; } = new() { Temperature = 0.7f, MaxTokens = 320 };

    /// <summary>How the critic samples (the authors: T = 0).</summary>
    public SamplingOptions CriticSampling { get; init; } = new() { Temperature = 0f, MaxTokens = 640 };

    /// <summary>
    /// Give problems that were hard in the previous iteration (by pass rate; in the first, by level) more first attempts,
    /// the total (N per problem) kept. Off: the paper's setup.
    /// </summary>
    public bool DifficultyAware { get; init; }

    public ExplorationFilterOptions Filter { get; init; } = new();

    public SftMixOptions Mix { get; init; } = new();

    public TrainFrom TrainFrom { get; init; } = TrainFrom.Base;

    public FineTuneHyperparameters Hyperparameters { get; init; } = new() { Epochs = 1, BatchSize = 4, LearningRate = 5e-4f, WarmupSteps = 4, MinLearningRateFraction = 0.1f };

    /// <summary>
    /// Examples every fine-tune trains on: the iteration's set is shuffled and cycled to exactly this many, so every arm
    /// takes the same number of optimizer steps whatever it found; 0: the set as it is.
    /// </summary>
    public int ExamplesPerIteration { get; init; } = 256;

    /// <summary>The fine-tuner's output in each iteration's directory (a GGUF in-process; a directory for LLaMA-Factory).</summary>
    public string CheckpointName { get; init; } = "actor.gguf";

    /// <summary>A compute-matched arm adds at most this many waves of first attempts (a guard, should its actor write very short solutions).</summary>
    public int MaxComputeMatchedWaves { get; init; } = 8;

    /// <summary>Problems generated together, so the engine can batch their requests; also the unit exploration resumes by.</summary>
    public int ProblemsPerBatch { get; init; } = 16;

    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "must be >= 1");
        if (Samples < 1)
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "must be >= 1");
        if (Refinements < 1)
            throw new ArgumentOutOfRangeException(nameof(Refinements), Refinements, "must be >= 1");
        if (Rounds < 1)
            throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, "must be >= 1");
        if (ExamplesPerIteration < 0)
            throw new ArgumentOutOfRangeException(nameof(ExamplesPerIteration), ExamplesPerIteration, "must be >= 0");
        if (MaxComputeMatchedWaves < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxComputeMatchedWaves), MaxComputeMatchedWaves, "must be >= 1");
        if (ProblemsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(ProblemsPerBatch), ProblemsPerBatch, "must be >= 1");
        ArgumentException.ThrowIfNullOrWhiteSpace(CheckpointName);
        ArgumentNullException.ThrowIfNull(ActorSampling);
        ArgumentNullException.ThrowIfNull(CriticSampling);
        ActorSampling.Validate();
        CriticSampling.Validate();
        ArgumentNullException.ThrowIfNull(Filter);
        Filter.Validate();
        ArgumentNullException.ThrowIfNull(Mix);
        ArgumentNullException.ThrowIfNull(Hyperparameters);
        Hyperparameters.Validate();
    }
}

/// <summary>Which explored solutions may be trained on.</summary>
public sealed record ExplorationFilterOptions
{
    /// <summary>
    /// The shortcut barrier (the authors'): a refinement with fewer numbers than both the reference solution and the
    /// wrong solution it refines, less this slack, jumped to the answer (often one the critique gave away) and is dropped.
    /// </summary>
    public int ShortcutSlack { get; init; } = 2;

    /// <summary>Drop a refinement whose critique wrote the reference answer verbatim (default: keep it, flagged in the records).</summary>
    public bool DropWhenCritiqueStatesAnswer { get; init; }

    /// <summary>Distinct first attempts kept per problem (ReST-EM keeps at most 10).</summary>
    public int MaxFirstAttemptsPerProblem { get; init; } = 4;

    /// <summary>Refinements kept per problem (at most one per wrong first attempt, as the authors).</summary>
    public int MaxRefinementsPerProblem { get; init; } = 4;

    public void Validate()
    {
        if (ShortcutSlack < 0)
            throw new ArgumentOutOfRangeException(nameof(ShortcutSlack), ShortcutSlack, "must be >= 0");
        if (MaxFirstAttemptsPerProblem < 0 || MaxRefinementsPerProblem < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxFirstAttemptsPerProblem), "the caps must be >= 0");
    }
}

/// <summary>What each iteration's training set is made of.</summary>
public sealed record SftMixOptions
{
    /// <summary>The seed examples (question → reference solution) every iteration.</summary>
    public bool Seed { get; init; } = true;

    /// <summary>Also the solutions kept in earlier iterations of the arm (the authors' option).</summary>
    public bool EarlierIterations { get; init; }

    /// <summary>
    /// A kept refinement also becomes a (question, wrong solution, critique) → refinement example, the refine prompt
    /// the critique loop uses, besides the plain question → solution example.
    /// </summary>
    public bool CritiqueConditioned { get; init; }
}
