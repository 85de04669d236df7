using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>
/// Self-improvement problems from files (GSM8K, MATH, ours — whatever <see cref="ProblemFormats"/> reads): training
/// problems, held-out problems, and optional seed problems whose reference solutions become question → solution
/// examples (the authors' iteration-0 data).
/// </summary>
/// <param name="TrainPath">Training problems: the actor explores them.</param>
/// <param name="HeldOutPath">Held-out problems: evaluated after every fine-tune, never trained on.</param>
/// <param name="SeedPath">Seed problems with reference solutions, mixed into every iteration's training set.</param>
public sealed record SelfImprovementFiles(string TrainPath, string HeldOutPath, string? SeedPath = null)
{
    /// <summary>Reads the files; a held-out question that is also a training or seed question is refused (it would be trained on).</summary>
    public async Task<SelfImprovementProblems> LoadAsync(PromptSet prompts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var train = await ProblemFormats.ReadAnyAsync(TrainPath, cancellationToken).ConfigureAwait(false);
        var heldOut = await ProblemFormats.ReadAnyAsync(HeldOutPath, cancellationToken).ConfigureAwait(false);
        var seed = SeedPath is null ? [] : await ProblemFormats.ReadAnyAsync(SeedPath, cancellationToken).ConfigureAwait(false);
        if (train.Count == 0)
            throw new FormatException($"{TrainPath}: no problems.");
        if (heldOut.Count == 0)
            throw new FormatException($"{HeldOutPath}: no problems.");

        var trained = train.Concat(seed).Select(p => QuestionKey(p.Question)).ToHashSet(StringComparer.Ordinal);
        if (heldOut.FirstOrDefault(p => trained.Contains(QuestionKey(p.Question))) is { } leaked)
            throw new FormatException($"{HeldOutPath}: problem {leaked.Id} is also a training or seed question; held-out problems must be unseen.");
        if (seed.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.ReferenceSolution)) is { } bare)
            throw new FormatException($"{SeedPath}: problem {bare.Id} has no reference solution to train on.");

        var examples = seed.Select(p => new SftExample(prompts.BuildSolve(p.Question), p.ReferenceSolution!)).ToArray();
        return new SelfImprovementProblems(train, heldOut, examples, Describe());
    }

    /// <summary>What a run records as its problems (part of its identity).</summary>
    public string Describe() =>
        $"files: train {Path.GetFileName(TrainPath)}, held-out {Path.GetFileName(HeldOutPath)}{(SeedPath is null ? "" : $", seed {Path.GetFileName(SeedPath)}")}";

    // Whitespace and case folded: the same question copied between files with other line breaks is still the same.
    private static string QuestionKey(string question) => SolutionSignature.Text(question).ToLowerInvariant();
}
