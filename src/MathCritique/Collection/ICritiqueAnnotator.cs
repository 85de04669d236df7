namespace MathCritique.Collection;

/// <summary>Writes step-level critiques of candidate solutions (the paper's annotator).</summary>
public interface ICritiqueAnnotator
{
    /// <summary>A name for reports and records (e.g. the model id, or "lab-oracle").</summary>
    string Name { get; }

    /// <summary>One critique text per candidate, in order, in the paper's format.</summary>
    Task<IReadOnlyList<string>> AnnotateAsync(IReadOnlyList<CandidateSolution> candidates, CancellationToken cancellationToken);
}
