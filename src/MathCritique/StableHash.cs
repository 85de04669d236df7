namespace MathCritique;

/// <summary>
/// FNV-1a over a string's UTF-16 code units: the same value in every process and on every machine
/// (<see cref="string.GetHashCode()"/> is randomised per process), for seeds and splits that must repeat.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The hash of <paramref name="text"/>, its start mixed with <paramref name="seed"/>.</summary>
    public static ulong Fnv1a(string text, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ulong hash = OffsetBasis ^ seed;
        foreach (char c in text)
            hash = (hash ^ c) * Prime;
        return hash;
    }
}
