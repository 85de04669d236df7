using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.SelfImprovement;
using MathCritique.Training;

namespace MathCritique.Lab;

/// <summary>
/// The lab's problems for a self-improvement run: training problems from the train split, held-out problems from the
/// dev or the test split (the splits never share arithmetic), and optional seed examples (question → reference
/// solution) from other train-split problems. The lab's exact step checker (<see cref="LabStepChecker"/>) verifies the steps.
/// </summary>
/// <param name="TrainLevels">Levels of the training problems, as <see cref="LabProblemSet.ParseLevels"/> reads them.</param>
/// <param name="SeedPerLevel">Seed examples per training level (0: none).</param>
public sealed record LabSelfImprovementSet(string TrainLevels, int TrainPerLevel, string EvalLevels, int EvalPerLevel, int SeedPerLevel = 0, int Seed = 2024)
{
    /// <summary>
    /// Where the held-out problems come from: the test split (figures to report, once per setting), the dev split
    /// (development: choosing settings), or train-split problems that are neither training problems nor seed examples
    /// (the development held-out set before the dev split existed; kept so that those runs resume and compare).
    /// </summary>
    public LabSplit EvalSplit { get; init; } = LabSplit.Test;

    public IReadOnlyList<Problem> Train() => TrainSet.GenerateProblems();

    public IReadOnlyList<Problem> HeldOut()
    {
        if (EvalSplit != LabSplit.Train)
            return new LabProblemSet(EvalLevels, EvalPerLevel, EvalSplit, Seed).GenerateProblems();
        var used = TrainSet.Generate().Concat(SeedPerLevel == 0 ? [] : SeedSet.Generate()).Select(p => p.CanonicalKey).ToHashSet(StringComparer.Ordinal);
        return new LabProblemSet(EvalLevels, EvalPerLevel, LabSplit.Train, Seed + 2).Generate()
            .Where(p => !used.Contains(p.CanonicalKey))
            .Select(p => p.ToProblem() with { Id = $"{p.Id}-dev" }) // another generator seed reuses the training problems' ids
            .ToArray();
    }

    /// <summary>Seed examples from train-split problems other than the training problems (another generator seed, same arithmetic left out).</summary>
    public IReadOnlyList<SftExample> SeedExamples(PromptSet prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (SeedPerLevel == 0)
            return [];
        var training = TrainSet.Generate().Select(p => p.CanonicalKey).ToHashSet(StringComparer.Ordinal);
        return SeedSet.Generate()
            .Where(p => !training.Contains(p.CanonicalKey))
            .Select(p => new SftExample(prompts.BuildSolve(p.Question), p.ReferenceSolution))
            .ToArray();
    }

    /// <summary>The training, held-out and seed problems in the shape every self-improvement run takes.</summary>
    public SelfImprovementProblems Load(PromptSet prompts) => new(Train(), HeldOut(), SeedExamples(prompts), Describe());

    /// <summary>What a run records as its problems (part of its identity: keep the wording).</summary>
    public string Describe() =>
        $"lab: train split levels {TrainLevels}, {TrainPerLevel} per level; {HeldOutName} levels {EvalLevels}, {EvalPerLevel} per level; seed examples {SeedPerLevel} per level; generator seed {Seed}";

    private string HeldOutName => EvalSplit switch
    {
        LabSplit.Train => "held-out train split (development)",
        _ => $"{EvalSplit.Name()} split",
    };

    private LabProblemSet TrainSet => new(TrainLevels, TrainPerLevel, LabSplit.Train, Seed);

    private LabProblemSet SeedSet => new(TrainLevels, SeedPerLevel, LabSplit.Train, Seed + 1);
}
