namespace MathCritique.SelfImprovement;

/// <summary>The arms of a self-improvement experiment: the same loop, run with the same samples, fine-tuning steps and seeds.</summary>
public enum SelfImprovementArm
{
    /// <summary>Critique-in-the-loop: the critic critiques every wrong sample and the actor's verified refinements join the training set.</summary>
    Critique,
    /// <summary>Vanilla self-improvement (rejection-sampling fine-tuning): the critic is off.</summary>
    Vanilla,
    /// <summary>
    /// Vanilla, with more first attempts until its generated tokens match what the critique arm generated in the same
    /// iteration (actor and critic): the comparison at equal compute, where the paper compares at equal N.
    /// </summary>
    ComputeMatched,
}

/// <summary>How arms are named in directories, records and reports.</summary>
public static class SelfImprovementArms
{
    public static IReadOnlyList<SelfImprovementArm> All { get; } = [SelfImprovementArm.Critique, SelfImprovementArm.Vanilla, SelfImprovementArm.ComputeMatched];

    public static string Name(this SelfImprovementArm arm) => arm switch
    {
        SelfImprovementArm.Critique => "critique",
        SelfImprovementArm.Vanilla => "vanilla",
        SelfImprovementArm.ComputeMatched => "compute-matched",
        _ => throw new ArgumentOutOfRangeException(nameof(arm), arm, null),
    };

    /// <summary>Reads "critique", "vanilla" or "compute-matched".</summary>
    public static SelfImprovementArm Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var arm in All)
        {
            if (arm.Name() == name.Trim().ToLowerInvariant())
                return arm;
        }
        throw new ArgumentException($"unknown arm '{name}' (expected {string.Join(", ", All.Select(a => a.Name()))})", nameof(name));
    }

    public static bool UsesCritic(this SelfImprovementArm arm) => arm == SelfImprovementArm.Critique;
}
