namespace MathCritique.SelfImprovement;

/// <summary>
/// Difficulty-aware exploration: splits a total of first attempts over problems by how hard each was (one minus its
/// pass rate in the previous iteration, or its level before there is one), every problem getting at least one, the
/// rest in proportion to difficulty, the total kept exactly (largest remainders, ties to the earlier problem).
/// </summary>
public static class DifficultyAllocation
{
    /// <summary>Added to every difficulty so a problem the actor always solved still gets its share of the rest.</summary>
    public const double Floor = 0.1;

    /// <param name="difficulties">Per problem, in [0, 1]: 1 − pass rate, or level / highest level.</param>
    /// <param name="total">First attempts to split (N × problems); at least one per problem.</param>
    public static int[] Allocate(IReadOnlyList<double> difficulties, int total)
    {
        ArgumentNullException.ThrowIfNull(difficulties);
        int count = difficulties.Count;
        if (count == 0)
            return [];
        if (total < count)
            throw new ArgumentOutOfRangeException(nameof(total), total, $"must give each of the {count} problems one sample");
        var weights = difficulties.Select(d => Math.Clamp(double.IsNaN(d) ? 1 : d, 0, 1) + Floor).ToArray();
        double sum = weights.Sum();
        int rest = total - count;
        var shares = weights.Select(w => rest * w / sum).ToArray();
        var allocation = shares.Select(s => 1 + (int)Math.Floor(s)).ToArray();
        int left = total - allocation.Sum();
        foreach (int i in Enumerable.Range(0, count).OrderByDescending(i => shares[i] - Math.Floor(shares[i])).ThenBy(i => i).Take(left))
            allocation[i]++;
        return allocation;
    }

    /// <summary>Difficulty from a previous pass rate when there is one, else from the level (a higher level is harder).</summary>
    public static double Difficulty(double? passRate, int? level, int highestLevel) =>
        passRate is { } rate ? 1 - rate : level is { } l && highestLevel > 0 ? (double)l / highestLevel : 1;
}
