namespace MathCritique.Lab;

/// <summary>
/// Which part of the lab a problem is in: train (what the lab models are trained on), dev (every development
/// choice: settings, prompts, drills, checker rules, sample sizes) or test (figures to report, run once per model).
/// docs/lab-splits.md gives the reasons.
/// </summary>
public enum LabSplit
{
    Train,
    Test,
    Dev,
}

/// <summary>
/// Decides a problem's split from a hash of its canonical content (the numbers and operations, not the
/// names), so the same arithmetic never lands in two splits whatever story it is told in.
/// </summary>
public static class LabSplits
{
    /// <summary>One problem in five is held out of training (dev or test); the other four are train.</summary>
    private const ulong HeldOutModulus = 5;

    /// <summary>
    /// The split of a problem with this canonical content. The train part is the one every shipped model was trained
    /// from and stays as it was; dev is carved out of what was the test part (half of it), so no shipped model has
    /// seen a dev or a test problem.
    /// </summary>
    public static LabSplit Of(string canonicalKey)
    {
        ArgumentNullException.ThrowIfNull(canonicalKey);
        ulong hash = StableHash.Fnv1a(canonicalKey);
        // FNV-1a's low bits mix poorly for short keys; fold the high half in.
        hash ^= hash >> 29;
        if (hash % HeldOutModulus != 0)
            return LabSplit.Train;
        // A second, independent coin for dev or test: the bits left after the modulus would repeat its pattern.
        return (SplitMix64.Mix(hash) & 1) == 0 ? LabSplit.Test : LabSplit.Dev;
    }

    public static string Name(this LabSplit split) => split switch
    {
        LabSplit.Train => "train",
        LabSplit.Dev => "dev",
        _ => "test",
    };

    public static LabSplit Parse(string name) =>
        TryParse(name, out var split) ? split : throw new ArgumentException($"unknown split '{name}' (expected train, dev or test)", nameof(name));

    public static bool TryParse(string? name, out LabSplit split)
    {
        (bool known, split) = name?.Trim().ToLowerInvariant() switch
        {
            "train" => (true, LabSplit.Train),
            "dev" => (true, LabSplit.Dev),
            "test" => (true, LabSplit.Test),
            _ => (false, default),
        };
        return known;
    }
}
