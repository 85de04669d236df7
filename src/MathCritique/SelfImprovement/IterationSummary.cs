using MathCritique.Evaluation;

namespace MathCritique.SelfImprovement;

/// <summary>Held-out accuracy overall and by level, each with a 95% bootstrap interval.</summary>
public sealed record LevelAccuracy(Estimate Overall, IReadOnlyDictionary<string, Estimate> ByLevel);

/// <summary>
/// What an iteration's exploration found. Exploration efficiency: the share of training problems with at least one
/// verified solution (first attempt or refinement). Diversity: distinct verified solutions per training problem, two
/// being the same when they write the same computations (<see cref="SolutionSignature.Computations"/>), or the same text.
/// </summary>
public sealed record ExplorationMetrics(
    int Problems,
    int FirstAttempts,
    int Waves,
    LevelAccuracy Solved,
    double SolvedByFirstAttempts,
    double DistinctByComputations,
    double DistinctByText,
    int RightAnswerWrongSteps,
    int WrongSamples,
    int Critiques,
    int CritiquesStatingAnswer,
    int KeptFirstAttempts,
    int KeptRefinements,
    IReadOnlyDictionary<string, int> Dropped);

/// <summary>
/// Model calls and tokens an iteration's exploration spent: a call is a request a model received (a stepwise critique
/// makes one per step), prompt tokens are counted per call, and of them the new ones are those beyond the prefix a call
/// shares with an earlier call of its problem in the same wave (what a prefix cache still computes).
/// </summary>
public sealed record ExplorationCompute(int ActorCalls, long ActorTokens, long ActorPromptTokens, int CriticCalls, long CriticTokens, long CriticPromptTokens)
{
    /// <summary>Generated tokens, actor and critic: what a compute-matched arm matches.</summary>
    public long GeneratedTokens => ActorTokens + CriticTokens;

    /// <summary>The actor's prompt tokens beyond a shared prefix (<see cref="ActorPromptTokens"/> in summaries written before they were counted).</summary>
    public long? ActorNewPromptTokens { get; init; }

    /// <summary>The critic's prompt tokens beyond a shared prefix (<see cref="CriticPromptTokens"/> in summaries written before they were counted).</summary>
    public long? CriticNewPromptTokens { get; init; }
}

/// <summary>An iteration's fine-tune (<c>training.json</c>): what it started from, where the model went, its steps and loss.</summary>
/// <param name="Checkpoint">The model the next iteration samples (the fine-tuner's output, or the starting model when there was nothing to train on).</param>
public sealed record TrainingRecord(string Checkpoint, string StartedFrom, int Steps, int Examples, double? FirstLoss, double? LastLoss, double Seconds);

/// <summary>Wall time of an iteration's phases, in seconds (a phase resumed after a stop counts its last session).</summary>
public sealed record PhaseSeconds(double Explore, double Train, double Evaluate);

/// <summary>
/// One iteration of one arm (<c>iteration.json</c>): held-out accuracy of the model it trained, what exploration found,
/// the training set, the fine-tune and the compute. Iteration 0 is the base actor, before any.
/// </summary>
public sealed record IterationSummary(SelfImprovementArm Arm, int Iteration, LevelAccuracy HeldOut)
{
    public ExplorationMetrics? Exploration { get; init; }
    public ExplorationCompute? Compute { get; init; }
    public SftComposition? TrainingSet { get; init; }
    public TrainingRecord? Training { get; init; }
    public PhaseSeconds? Seconds { get; init; }
}
