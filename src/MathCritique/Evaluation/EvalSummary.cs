using MathCritique.TestTime;

namespace MathCritique.Evaluation;

/// <summary>
/// Accuracy (with a 95% bootstrap interval) and mean compute of one strategy at one budget, on a set of problems:
/// generated tokens, model calls (requests received) and prompt tokens (<see cref="PromptTokenCount"/>) per problem.
/// </summary>
public sealed record StrategyCell(Estimate Accuracy, double ActorTokens, double CriticTokens, double Calls)
{
    /// <summary>Generated tokens, actor and critic.</summary>
    public double TotalTokens => ActorTokens + CriticTokens;

    public PromptTokenCount ActorPrompt { get; init; }
    public PromptTokenCount CriticPrompt { get; init; }

    /// <summary>
    /// The tokens the models computed with a cache of each problem's prompt prefixes: generated tokens and new prompt
    /// tokens, actor and critic (a token's forward pass costs about the same in the prompt as generated).
    /// </summary>
    public double ComputedTokens => TotalTokens + ActorPrompt.New + CriticPrompt.New;
}

/// <summary>One strategy at one budget, overall and by difficulty level.</summary>
public sealed record StrategySummary(string Strategy, int Budget, StrategyCell Overall, IReadOnlyDictionary<string, StrategyCell> ByLevel);

/// <summary>The summary of an evaluation run (what <c>summary.json</c> holds).</summary>
public sealed record EvalSummary(int Problems, IReadOnlyList<string> Levels, IReadOnlyList<StrategySummary> Strategies)
{
    public const string UnknownLevel = "unknown";

    /// <summary>Critique-based strategies against their baselines on the same problems (<see cref="PairedComparison.Build"/>).</summary>
    public IReadOnlyList<PairedComparison> Comparisons { get; init; } = [];

    public StrategySummary? Find(string strategy, int budget) =>
        Strategies.FirstOrDefault(s => s.Strategy == strategy && s.Budget == budget);

    public static EvalSummary Build(IReadOnlyList<ProblemRecord> records, StrategyScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(scorer);
        var perProblem = records.Select(r => (IReadOnlyList<StrategyOutcome>)scorer.Score(r).ToArray()).ToArray();
        var outcomes = records.SelectMany((r, i) => perProblem[i].Select(o => (Level: LevelName(r.Level), Outcome: o))).ToArray();
        var levels = records.Select(r => LevelName(r.Level)).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var strategies = outcomes
            .GroupBy(x => (x.Outcome.Strategy, x.Outcome.Budget))
            .OrderBy(g => scorer.OrderOf(g.Key.Strategy)).ThenBy(g => g.Key.Budget)
            .Select(g => new StrategySummary(
                g.Key.Strategy, g.Key.Budget,
                Cell(g.Select(x => x.Outcome).ToArray()),
                g.GroupBy(x => x.Level).OrderBy(l => l.Key, StringComparer.Ordinal)
                    .ToDictionary(l => l.Key, l => Cell(l.Select(x => x.Outcome).ToArray()))))
            .ToArray();
        return new EvalSummary(records.Count, levels, strategies)
        {
            Comparisons = PairedComparison.Build(perProblem, scorer.BaselineOf).OrderBy(c => scorer.OrderOf(c.Strategy)).ThenBy(c => c.Budget).ToArray(),
        };
    }

    private static string LevelName(int? level) => level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? UnknownLevel;

    private static StrategyCell Cell(IReadOnlyList<StrategyOutcome> outcomes) => new(
        BootstrapInterval.Mean(outcomes.Select(o => o.Score).ToArray()),
        outcomes.Average(o => o.ActorTokens),
        outcomes.Average(o => o.CriticTokens),
        outcomes.Average(o => o.Calls))
    {
        ActorPrompt = PromptTokenCount.Mean(outcomes.Select(o => o.ActorPrompt).ToArray()),
        CriticPrompt = PromptTokenCount.Mean(outcomes.Select(o => o.CriticPrompt).ToArray()),
    };
}
