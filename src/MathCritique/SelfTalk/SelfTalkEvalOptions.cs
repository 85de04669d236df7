using MathCritique.CriticEvaluation;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.SelfTalk;

/// <summary>Everything one <see cref="SelfTalkEvaluation"/> needs besides the problems.</summary>
public sealed record SelfTalkEvalOptions
{
    /// <summary>The actor trained on self-talk traces.</summary>
    public required OpenedModel SelfTalk { get; init; }

    /// <summary>The actor trained on plain chain of thought.</summary>
    public required OpenedModel PlainCot { get; init; }

    /// <summary>The prompt set whose solve prompt both actors were trained on.</summary>
    public required PromptSet Prompts { get; init; }

    /// <summary>Where the problems came from, as run.json and the report record it.</summary>
    public required string ProblemSource { get; init; }

    /// <summary>The run directory; re-running with the same options resumes it.</summary>
    public required string Directory { get; init; }

    /// <summary>Exact step labels (the lab checker): flag precision, first-error hits and breaks need them; null: not measured.</summary>
    public ISolutionLabeler? Labeler { get; init; }

    /// <summary>Each actor's one sample per problem; greedy by default, so the comparison has no sampling noise of its own.</summary>
    public SamplingOptions Sampling { get; init; } = new() { MaxTokens = 640 };

    public ulong Seed { get; init; } = 1;

    /// <summary>Problems sampled per call (and appended to the records together).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "MathCritique self-talk eval";

    /// <summary>Draws the plots of a summary into the run directory and returns their file names; null: no plots.</summary>
    public Func<SelfTalkEvalSummary, string, IReadOnlyList<string>>? Plots { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(SelfTalk);
        ArgumentNullException.ThrowIfNull(PlainCot);
        ArgumentNullException.ThrowIfNull(Prompts);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentNullException.ThrowIfNull(Sampling);
        Sampling.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
    }
}
