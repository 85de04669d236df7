using MathCritique.CriticEvaluation;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>Everything one <see cref="SelfImprovementPipeline"/> run needs besides the problems.</summary>
public sealed record SelfImprovementPipelineOptions
{
    /// <summary>The actor to improve, as the fine-tuner names models (a GGUF path in-process); hosted and opened like every later checkpoint.</summary>
    public required string BaseCheckpoint { get; init; }

    /// <summary>The critic, opened once; null when no arm uses one.</summary>
    public OpenedModel? Critic { get; init; }

    public required PromptSet Prompts { get; init; }

    /// <summary>Opens each hosted checkpoint's address.</summary>
    public required IModelOpener Opener { get; init; }

    /// <summary>Trains each iteration's actor (in-process: <c>LlamaFineTuner</c>).</summary>
    public required IFineTuner FineTuner { get; init; }

    /// <summary>Makes each checkpoint samplable (a GGUF as it is; a server started for a Hugging Face checkpoint).</summary>
    public ICheckpointHost CheckpointHost { get; init; } = new LocalCheckpointHost();

    /// <summary>What run.json records as the trainer and host (another one is another run).</summary>
    public string Trainer { get; init; } = "in-process";

    /// <summary>An exact labeler (the lab's step checker): a right answer reached by wrong steps is then not trained on.</summary>
    public ISolutionLabeler? Labeler { get; init; }

    /// <summary>Seed examples (question → reference solution) mixed into every iteration's set (<see cref="SftMixOptions.Seed"/>).</summary>
    public IReadOnlyList<SftExample> SeedExamples { get; init; } = [];

    /// <summary>Where the training and held-out problems came from, as run.json and the report record it.</summary>
    public required string ProblemSource { get; init; }

    /// <summary>The run directory; re-running with the same options resumes it.</summary>
    public required string Directory { get; init; }

    public required SelfImprovementOptions Loop { get; init; }

    /// <summary>The arms to run; they run in the order of <see cref="SelfImprovementArms.All"/> (the compute-matched arm matches the critique arm's compute).</summary>
    public IReadOnlyList<SelfImprovementArm> Arms { get; init; } = SelfImprovementArms.All;

    public string Title { get; init; } = "MathCritique self-improvement";

    /// <summary>Draws the plots of a summary into the run directory and returns their file names; null: no plots.</summary>
    public Func<SelfImprovementSummary, string, IReadOnlyList<string>>? Plots { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BaseCheckpoint);
        ArgumentNullException.ThrowIfNull(Prompts);
        ArgumentNullException.ThrowIfNull(Opener);
        ArgumentNullException.ThrowIfNull(FineTuner);
        ArgumentNullException.ThrowIfNull(CheckpointHost);
        ArgumentNullException.ThrowIfNull(SeedExamples);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentNullException.ThrowIfNull(Loop);
        Loop.Validate();
        ArgumentNullException.ThrowIfNull(Arms);
        if (Arms.Count == 0 || Arms.Distinct().Count() != Arms.Count)
            throw new ArgumentException("Name each arm once, and at least one.", nameof(Arms));
        if (Arms.Contains(SelfImprovementArm.Critique) && Critic is null)
            throw new ArgumentException("The critique arm needs a critic.", nameof(Critic));
        if (Arms.Contains(SelfImprovementArm.ComputeMatched) && !Arms.Contains(SelfImprovementArm.Critique))
            throw new ArgumentException("The compute-matched arm matches the critique arm's compute: run the critique arm too.", nameof(Arms));
    }
}

/// <summary>Progress of a self-improvement run: which arm, iteration and phase, and how far the phase is.</summary>
public readonly record struct SelfImprovementProgress(string Arm, int Iteration, string Phase, double Done, double Total);
