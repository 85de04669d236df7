namespace MathCritique.Lab.Tests;

/// <summary>A hand-built lab problem whose every number is known, for crafted solutions.</summary>
internal static class LabFixtures
{
    // Mia has 23 apples. She buys 3 bags of 14 each. She gives 17 to Leo. → 3 * 14 = 42; 23 + 42 = 65; 65 - 17 = 48.
    public static LabProblem Mia { get; } = new(
        "lab-L3-test-x", LabSplit.Test, 3,
        "Mia has 23 apples. She buys 3 bags of 14 each. She gives 17 to Leo. How many apples does Mia have now?",
        [23, 3, 14, 17],
        [
            new(new LabOperand(3), LabOperator.Multiply, new LabOperand(14), 42, "She gets 3 * 14 = 42 apples."),
            new(new LabOperand(23), LabOperator.Add, new LabOperand(42, 1), 65, "She has 23 + 42 = 65 apples."),
            new(new LabOperand(65, 2), LabOperator.Subtract, new LabOperand(17), 48, "She has 65 - 17 = 48 apples left."),
        ]);

    public static IEnumerable<LabProblem> Many(int perLevel, int seed = 11)
    {
        var generator = new LabProblemGenerator(seed);
        for (int level = LabProblemGenerator.MinLevel; level <= LabProblemGenerator.MaxLevel; level++)
        {
            foreach (var split in new[] { LabSplit.Train, LabSplit.Test })
            {
                foreach (var p in generator.Generate(level, split, perLevel))
                    yield return p;
            }
        }
    }
}
