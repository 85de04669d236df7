using MathCritique.CriticEvaluation;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.SelfImprovement;

namespace MathCritique.SelfTalk;

/// <summary>Everything one <see cref="SelfTalkBuild"/> needs: the collect or improve directory, where to write, prompts, and what checks the traces.</summary>
public sealed record SelfTalkBuildOptions
{
    /// <summary>
    /// A <c>collect</c> output directory (its <c>critiques.jsonl</c>), or an <c>improve</c> run directory (its
    /// <c>run.json</c> and <c>{arm}/iteration-{i}/exploration.jsonl</c>, read by <see cref="ImproveRunRecords"/>).
    /// </summary>
    public required string From { get; init; }

    /// <summary>Of an improve run, the arms to read; null: every arm there is.</summary>
    public IReadOnlyList<SelfImprovementArm>? Arms { get; init; }

    /// <summary>Of an improve run, the iterations to read; null: every iteration there is.</summary>
    public IReadOnlyList<int>? Iterations { get; init; }

    /// <summary>Where the traces, the two training sets and the statistics are written.</summary>
    public required string Directory { get; init; }

    /// <summary>The prompt set whose solve prompt both training sets use.</summary>
    public required PromptSet Prompts { get; init; }

    /// <summary>The problems collect (or improve, its training problems) ran on, when known: their reference solutions correct too, and a labeler needs them.</summary>
    public IReadOnlyList<Problem>? Problems { get; init; }

    /// <summary>The problems as collect's run.json describes them (<c>problem_source</c>); when set, a directory collected from other problems is refused.</summary>
    public string? ProblemSource { get; init; }

    /// <summary>Exact step labels (the lab checker); null: flags are checked against RG2/RG3's step only.</summary>
    public ISolutionLabeler? Labeler { get; init; }

    /// <summary>How training tokens are counted; default the lab's byte-level vocabulary.</summary>
    public ITokenCounter Tokens { get; init; } = new Utf8ByteTokenCounter();

    public SelfTalkDatasetOptions Dataset { get; init; } = new();

    /// <summary>
    /// Whether the self-talk examples keep their retracted steps as context without loss (<see cref="RetractedSteps"/>);
    /// the plain-CoT set is then filled to the self-talk set's trained tokens.
    /// </summary>
    public bool MaskRetracted { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(From);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentNullException.ThrowIfNull(Prompts);
        ArgumentNullException.ThrowIfNull(Tokens);
        if (Labeler is not null && Problems is null)
            throw new ArgumentException("a labeler needs the problems collect or improve ran on", nameof(Problems));
        if (Iterations is not null && Iterations.Any(i => i < 1))
            throw new ArgumentException("iterations are numbered from 1", nameof(Iterations));
        Dataset.Validate();
    }
}
