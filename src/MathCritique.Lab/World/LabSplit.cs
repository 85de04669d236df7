namespace MathCritique.Lab;

/// <summary>Which side of the train/test divide a lab problem is on.</summary>
public enum LabSplit
{
    Train,
    Test,
}

/// <summary>
/// Decides a problem's split from a hash of its canonical content (the numbers and operations, not the
/// names), so the same arithmetic never lands in both splits whatever story it is told in.
/// </summary>
public static class LabSplits
{
    /// <summary>One problem in five is a test problem.</summary>
    private const ulong TestModulus = 5;

    public static LabSplit Of(string canonicalKey)
    {
        ArgumentNullException.ThrowIfNull(canonicalKey);
        ulong hash = StableHash.Fnv1a(canonicalKey);
        // FNV-1a's low bits mix poorly for short keys; fold the high half in.
        hash ^= hash >> 29;
        return hash % TestModulus == 0 ? LabSplit.Test : LabSplit.Train;
    }

    public static string Name(this LabSplit split) => split == LabSplit.Test ? "test" : "train";

    public static LabSplit Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "train" => LabSplit.Train,
        "test" => LabSplit.Test,
        _ => throw new ArgumentException($"unknown split '{name}' (expected train or test)", nameof(name)),
    };
}
