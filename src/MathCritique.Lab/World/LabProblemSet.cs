using System.Globalization;
using MathCritique.Problems;

namespace MathCritique.Lab;

/// <summary>A set of generated lab problems: levels, how many per level, which split, the generator's seed.</summary>
/// <param name="Levels">Levels as written: "1-5", "1,3,5" or "2".</param>
public sealed record LabProblemSet(string Levels, int PerLevel, LabSplit Split = LabSplit.Test, int Seed = 2024)
{
    public IReadOnlyList<LabProblem> Generate()
    {
        var generator = new LabProblemGenerator(Seed);
        return ParseLevels(Levels).SelectMany(level => generator.Generate(level, Split, PerLevel)).ToArray();
    }

    public IReadOnlyList<Problem> GenerateProblems() => Generate().Select(p => p.ToProblem()).ToArray();

    /// <summary>What a run records as its problems (part of its identity: keep the wording).</summary>
    public string Describe() => $"lab {Split.Name()} split, levels {Levels}, {PerLevel} per level, seed {Seed}";

    /// <summary>Parses "1-5", "1,3,5" or "2".</summary>
    public static IReadOnlyList<int> ParseLevels(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, CultureInfo.InvariantCulture, out _)))
                throw new ArgumentException($"Cannot read levels '{text}': use e.g. 1-5 or 1,3,5.");
            int from = int.Parse(range[0], CultureInfo.InvariantCulture);
            int to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            for (int level = from; level <= to; level++)
                levels.Add(level);
        }
        return levels.Count > 0 ? levels : throw new ArgumentException("No levels given.");
    }
}
