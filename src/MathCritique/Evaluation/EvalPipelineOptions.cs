using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>Everything one <see cref="EvalPipeline"/> run needs besides the problems: models, prompts, loop options, where to write.</summary>
public sealed record EvalPipelineOptions
{
    /// <summary>The actor (reasoning model).</summary>
    public required OpenedModel Actor { get; init; }

    /// <summary>The critic; the actor itself when one model plays both.</summary>
    public required OpenedModel Critic { get; init; }

    public required PromptSet Prompts { get; init; }

    /// <summary>Where the problems came from, as run.json and the report record it.</summary>
    public required string ProblemSource { get; init; }

    /// <summary>The run directory; re-running with the same options resumes it.</summary>
    public required string Directory { get; init; }

    public required CritiqueLoopOptions Loop { get; init; }

    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "MathCritique eval";

    /// <summary>Draws the plots of a summary into the run directory and returns their file names for the report; null: no plots.</summary>
    public Func<EvalSummary, string, IReadOnlyList<string>>? Plots { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Actor);
        ArgumentNullException.ThrowIfNull(Critic);
        ArgumentNullException.ThrowIfNull(Prompts);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentNullException.ThrowIfNull(Loop);
        Loop.Validate();
    }
}
