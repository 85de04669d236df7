using MathCritique.CriticEvaluation;
using MathCritique.Models;
using MathCritique.Prompts;

namespace MathCritique.Collection;

/// <summary>Everything one <see cref="CollectionRun"/> needs besides the problems: models, prompts, options, where to write.</summary>
public sealed record CollectionRunOptions
{
    /// <summary>The actor whose solutions are critiqued; it also samples the Monte-Carlo refinements.</summary>
    public required OpenedModel Actor { get; init; }

    /// <summary>Who writes the critiques.</summary>
    public required CollectionAnnotator Annotator { get; init; }

    public required PromptSet Prompts { get; init; }

    /// <summary>Where the problems came from, as run.json records it.</summary>
    public required string ProblemSource { get; init; }

    /// <summary>The dataset directory; re-running resumes it.</summary>
    public required string Directory { get; init; }

    public CollectionOptions Collection { get; init; } = new();

    /// <summary>RG3's mistake inserter; null: no RG3 solutions.</summary>
    public IMistakeInserter? MistakeInserter { get; init; }

    /// <summary>
    /// What run.json records for <see cref="MistakeInserter"/> (a model inserter's identity and mistake types), so a
    /// re-run with another is refused; null for a rule-based one (the lab corruptor), which the options identify.
    /// </summary>
    public string? MistakeInserterIdentity { get; init; }

    /// <summary>An exact step checker (the lab's on lab problems): it labels the ProcessBench-layout export.</summary>
    public ISolutionLabeler? SolutionLabeler { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Actor);
        ArgumentNullException.ThrowIfNull(Annotator);
        ArgumentNullException.ThrowIfNull(Prompts);
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        if (MistakeInserterIdentity is not null && MistakeInserter is null)
            throw new ArgumentException("a mistake inserter identity without a mistake inserter", nameof(MistakeInserterIdentity));
        Collection.Validate();
    }
}

/// <summary>
/// Who writes a collection's critiques: an annotator, the identity run.json records for it and, for a rule-based
/// annotator (the lab oracle), its settings (also recorded, so a resumed run must use the same).
/// </summary>
public sealed record CollectionAnnotator(ICritiqueAnnotator Annotator, string Identity, object? Settings = null)
{
    /// <summary>A model writes the critiques (<see cref="ModelAnnotator"/>, seeded with <paramref name="seed"/>).</summary>
    public static CollectionAnnotator FromModel(OpenedModel model, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(new ModelAnnotator(model.Sampler, seed: seed), model.Identity);
    }
}

/// <summary>What a collect run directory was made with (its run.json): a re-run must match to resume.</summary>
/// <param name="Oracle">The annotator's settings (<see cref="CollectionAnnotator.Settings"/>), null for a model.</param>
/// <param name="Inserter">A model inserter (<see cref="CollectionRunOptions.MistakeInserterIdentity"/>); null, and left out, otherwise.</param>
public sealed record CollectRunConfig(string Actor, string Annotator, string ProblemSource, int ProblemCount, CollectionOptions Options, object? Oracle, string? Inserter = null);
