using MathCritique.Grading;

namespace MathCritique.TestTime;

/// <summary>
/// What strategies score with: the grader, voting by answer equivalence, and the K-subsets of a record's samples.
/// Voting strategies at K &lt; the number of samples average over random K-subsets (valid because the samples are
/// i.i.d.), which gives smoother compute-scaling curves than one run per K.
/// </summary>
public sealed class ScoringContext(MathGrader grader, int subsets = 32, int seed = 7)
{
    public MathGrader Grader { get; } = grader ?? throw new ArgumentNullException(nameof(grader));
    public AnswerVote Vote { get; } = new(grader);

    /// <summary>The K-subsets of <paramref name="record"/>'s samples to average over: all samples when K reaches their count.</summary>
    public IReadOnlyList<int[]> Subsets(ProblemRecord record, int k)
    {
        ArgumentNullException.ThrowIfNull(record);
        int n = record.Samples.Count;
        if (k >= n)
            return [Enumerable.Range(0, n).ToArray()];
        var random = new Random(unchecked(((seed * 31) + StableHash(record.Id)) * 31 + k));
        var result = new List<int[]>(subsets);
        var indexes = Enumerable.Range(0, n).ToArray();
        for (int s = 0; s < subsets; s++)
        {
            // Partial Fisher–Yates: the first k positions are a uniform K-subset.
            for (int i = 0; i < k; i++)
            {
                int j = random.Next(i, n);
                (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
            }
            result.Add(indexes[..k]);
        }
        return result;
    }

    /// <summary>
    /// Whether a voted answer is correct: as graded on the first of <paramref name="attempts"/> that gave it, or (when
    /// none did) by equivalence with the reference itself.
    /// </summary>
    public bool IsCorrect(ProblemRecord record, IEnumerable<Attempt> attempts, string? winner)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(attempts);
        if (winner is null)
            return false;
        foreach (var a in attempts)
        {
            if (a.Answer == winner)
                return a.Correct;
        }
        return Grader.AreEquivalent(record.Reference, winner);
    }

    // The subsets' seed (32-bit FNV-1a of the id): kept as it was, so the averaged scores stay the same.
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
                hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
