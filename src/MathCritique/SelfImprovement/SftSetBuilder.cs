using MathCritique.Prompts;
using MathCritique.Training;

namespace MathCritique.SelfImprovement;

/// <summary>What an iteration's training set is made of (<c>sft.json</c>).</summary>
/// <param name="Distinct">Examples before the set is cycled to <see cref="SelfImprovementOptions.ExamplesPerIteration"/>.</param>
/// <param name="Trained">Examples the fine-tune trains on.</param>
/// <param name="BySource">Distinct examples by where they came from: seed, first-attempt, refinement, critique-conditioned, earlier-iterations.</param>
/// <param name="ByLevel">Distinct examples from this and earlier iterations by the level of their problem (the difficulty composition).</param>
/// <param name="Problems">Training problems with at least one example this iteration.</param>
public sealed record SftComposition(int Distinct, int Trained, IReadOnlyDictionary<string, int> BySource, IReadOnlyDictionary<string, int> ByLevel, int Problems);

/// <summary>An iteration's training set and what it is made of.</summary>
public sealed record SftSet(IReadOnlyList<SftExample> Examples, SftComposition Composition);

/// <summary>
/// Builds an iteration's training set: the seed examples, this iteration's kept solutions as question → solution
/// examples (prompted as the actor is prompted to solve), optionally the earlier iterations' and critique-conditioned
/// (question, wrong solution, critique) → refinement examples; then shuffled with the iteration's seed and cycled to a
/// fixed size, so every arm takes the same fine-tuning steps.
/// </summary>
public static class SftSetBuilder
{
    public const string SeedSource = "seed";
    public const string EarlierSource = "earlier-iterations";
    public const string CritiqueConditionedSource = "critique-conditioned";

    public static SftSet Build(PromptSet prompts, IReadOnlyList<SftExample> seed, IReadOnlyList<KeptSolution> kept,
        IReadOnlyList<KeptSolution> earlier, SftMixOptions mix, int size, ulong shuffleSeed)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(mix);
        var examples = new List<(SftExample Example, string Source, int? Level)>();
        if (mix.Seed)
            examples.AddRange(seed.Select(e => (e, SeedSource, (int?)null)));
        foreach (var k in kept)
        {
            examples.Add((new SftExample(prompts.BuildSolve(k.Question), k.Solution), Name(k.Source), k.Level));
            if (mix.CritiqueConditioned && k is { Source: SolutionSource.Refinement, WrongSolution: { } wrong, Critique: { } critique })
                examples.Add((new SftExample(prompts.BuildRefine(k.Question, wrong, critique), k.Solution), CritiqueConditionedSource, k.Level));
        }
        if (mix.EarlierIterations)
            examples.AddRange(earlier.Select(k => (new SftExample(prompts.BuildSolve(k.Question), k.Solution), EarlierSource, k.Level)));

        var composition = new SftComposition(
            examples.Count,
            size > 0 && examples.Count > 0 ? size : examples.Count,
            examples.GroupBy(e => e.Source).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            examples.Where(e => e.Level is not null).GroupBy(e => e.Level!.Value).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()),
            kept.Select(k => k.Problem).Distinct(StringComparer.Ordinal).Count());
        return new SftSet(Cycle(examples.Select(e => e.Example).ToArray(), size, shuffleSeed), composition);
    }

    /// <summary>The source name a kept solution's example is counted under.</summary>
    public static string Name(SolutionSource source) => source == SolutionSource.FirstAttempt ? "first-attempt" : "refinement";

    /// <summary>The examples shuffled, then repeated (each pass shuffled again) to exactly <paramref name="size"/>; 0: shuffled once, as many as there are.</summary>
    private static SftExample[] Cycle(SftExample[] examples, int size, ulong seed)
    {
        if (examples.Length == 0)
            return examples;
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var result = new List<SftExample>();
        do
        {
            var pass = examples.ToArray();
            random.Shuffle(pass);
            result.AddRange(pass);
        }
        while (result.Count < size);
        return size > 0 ? result.Take(size).ToArray() : result.ToArray();
    }
}
