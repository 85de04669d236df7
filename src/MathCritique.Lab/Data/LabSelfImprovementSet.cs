using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Training;

namespace MathCritique.Lab;

/// <summary>
/// The lab's problems for a self-improvement run: training problems from the train split, held-out problems from the
/// test split (the splits never share arithmetic), and optional seed examples (question → reference solution) from
/// other train-split problems. The lab's exact step checker (<see cref="LabStepChecker"/>) verifies the steps.
/// </summary>
/// <param name="TrainLevels">Levels of the training problems, as <see cref="LabProblemSet.ParseLevels"/> reads them.</param>
/// <param name="SeedPerLevel">Seed examples per training level (0: none).</param>
public sealed record LabSelfImprovementSet(string TrainLevels, int TrainPerLevel, string EvalLevels, int EvalPerLevel, int SeedPerLevel = 0, int Seed = 2024)
{
    public IReadOnlyList<Problem> Train() => TrainSet.GenerateProblems();

    public IReadOnlyList<Problem> HeldOut() => new LabProblemSet(EvalLevels, EvalPerLevel, LabSplit.Test, Seed).GenerateProblems();

    /// <summary>Seed examples from train-split problems other than the training problems (another generator seed, same arithmetic left out).</summary>
    public IReadOnlyList<SftExample> SeedExamples(PromptSet prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (SeedPerLevel == 0)
            return [];
        var training = TrainSet.Generate().Select(p => p.CanonicalKey).ToHashSet(StringComparer.Ordinal);
        return new LabProblemSet(TrainLevels, SeedPerLevel, LabSplit.Train, Seed + 1).Generate()
            .Where(p => !training.Contains(p.CanonicalKey))
            .Select(p => new SftExample(prompts.BuildSolve(p.Question), p.ReferenceSolution))
            .ToArray();
    }

    /// <summary>What a run records as its problems (part of its identity: keep the wording).</summary>
    public string Describe() =>
        $"lab: train split levels {TrainLevels}, {TrainPerLevel} per level; test split levels {EvalLevels}, {EvalPerLevel} per level; seed examples {SeedPerLevel} per level; generator seed {Seed}";

    private LabProblemSet TrainSet => new(TrainLevels, TrainPerLevel, LabSplit.Train, Seed);
}
