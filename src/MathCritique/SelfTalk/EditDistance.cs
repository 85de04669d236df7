namespace MathCritique.SelfTalk;

/// <summary>Levenshtein distance in characters: how much a correction changed what it retracted (near 0 is collapse).</summary>
public static class EditDistance
{
    public static int Between(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Two rows of the table are enough: each row needs only the one above it.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The distance over the longer text's length: 0 for a copy, 1 for nothing in common.</summary>
    public static double Normalized(string a, string b)
    {
        int longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0 : (double)Between(a, b) / longer;
    }
}
