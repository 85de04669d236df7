using MathCritique.Problems;

namespace MathCritique.Collection;

/// <summary>Rewrites one step of a solution with a named mistake (the paper's RG3).</summary>
public interface IMistakeInserter
{
    /// <summary>The mistake types this inserter knows (e.g. "calculation error", "wrong operation").</summary>
    IReadOnlyList<string> MistakeTypes { get; }

    /// <summary>
    /// Rewrites step <paramref name="stepIndex"/> (1-based) of <paramref name="steps"/> with the mistake, or says why it
    /// did not (<see cref="MistakeInsertion.Dropped"/>: the mistake cannot be made at that step, the reply was unusable).
    /// </summary>
    Task<MistakeInsertion> InsertAsync(Problem problem, IReadOnlyList<string> steps, int stepIndex, string mistakeType, ulong seed, CancellationToken cancellationToken);
}
