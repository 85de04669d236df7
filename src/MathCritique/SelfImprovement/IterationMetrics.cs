using System.Globalization;
using MathCritique.Evaluation;

namespace MathCritique.SelfImprovement;

/// <summary>Computes an iteration's metrics from its records, so the report can always be rebuilt from the run directory.</summary>
public static class IterationMetrics
{
    public static LevelAccuracy Accuracy(IReadOnlyList<(int? Level, bool Correct)> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return new LevelAccuracy(
            BootstrapInterval.Mean(outcomes.Select(o => o.Correct ? 1.0 : 0.0).ToArray()),
            outcomes.GroupBy(o => LevelName(o.Level)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => BootstrapInterval.Mean(g.Select(o => o.Correct ? 1.0 : 0.0).ToArray())));
    }

    public static LevelAccuracy HeldOut(IReadOnlyList<HeldOutResult> results) => Accuracy(results.Select(r => (r.Level, r.Correct)).ToArray());

    /// <param name="problems">Each training problem's waves.</param>
    /// <param name="filtered">The filter's outcome per problem, in the same order.</param>
    public static ExplorationMetrics Exploration(IReadOnlyList<IReadOnlyList<ProblemExploration>> problems, IReadOnlyList<FilteredProblem> filtered)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(filtered);
        var samples = problems.Select(waves => waves.SelectMany(w => w.Samples).ToArray()).ToArray();
        var verified = samples.Select(s => Verified(s).ToArray()).ToArray();
        var decisions = filtered.SelectMany(f => f.Decisions).ToArray();
        var rounds = samples.SelectMany(s => s).SelectMany(s => s.Rounds).ToArray();
        var all = samples.SelectMany(s => s).SelectMany(s => s.Rounds.SelectMany(r => r.Refinements).Prepend(s.Attempt)).ToArray();
        return new ExplorationMetrics(
            problems.Count,
            samples.Sum(s => s.Length),
            problems.Count == 0 ? 0 : problems.Max(w => w.Count),
            Accuracy(problems.Select((w, i) => (w[0].Level, verified[i].Length > 0)).ToArray()),
            Mean(samples.Select(s => s.Any(x => x.Attempt.Verified) ? 1.0 : 0.0)),
            Mean(verified.Select(v => (double)v.Select(SolutionSignature.Computations).Distinct(StringComparer.Ordinal).Count())),
            Mean(verified.Select(v => (double)v.Select(SolutionSignature.Text).Distinct(StringComparer.Ordinal).Count())),
            all.Count(s => s.RightAnswerWrongSteps),
            samples.Sum(s => s.Count(x => !x.Attempt.Verified)),
            rounds.Length,
            rounds.Count(r => r.StatesAnswer),
            filtered.Sum(f => f.Kept.Count(k => k.Source == SolutionSource.FirstAttempt)),
            filtered.Sum(f => f.Kept.Count(k => k.Source == SolutionSource.Refinement)),
            decisions.Where(d => !d.Kept).GroupBy(d => d.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    public static ExplorationCompute Compute(IEnumerable<ProblemExploration> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var samples = records.SelectMany(r => r.Samples).ToArray();
        var rounds = samples.SelectMany(s => s.Rounds).ToArray();
        var actor = samples.Select(s => s.Attempt).Concat(rounds.SelectMany(r => r.Refinements)).ToArray();
        return new ExplorationCompute(actor.Length, actor.Sum(a => (long)a.Tokens), actor.Sum(a => (long)a.PromptTokens),
            rounds.Sum(r => r.Calls), rounds.Sum(r => (long)r.Tokens), rounds.Sum(r => (long)r.PromptTokens))
        {
            ActorNewPromptTokens = actor.Sum(a => (long)(a.PromptTokens - a.SharedPrefixTokens)),
            CriticNewPromptTokens = rounds.Sum(r => (long)(r.PromptTokens - r.SharedPrefixTokens)),
        };
    }

    /// <summary>Each first attempt's pass rate per problem (verified first attempts / first attempts), for difficulty-aware exploration.</summary>
    public static double PassRate(IEnumerable<ProblemExploration> waves)
    {
        var samples = waves.SelectMany(w => w.Samples).ToArray();
        return samples.Length == 0 ? double.NaN : samples.Count(s => s.Attempt.Verified) / (double)samples.Length;
    }

    public static string LevelName(int? level) => level?.ToString(CultureInfo.InvariantCulture) ?? EvalSummary.UnknownLevel;

    // Every verified solution of a problem: its first attempts and its refinements.
    private static IEnumerable<string> Verified(IEnumerable<ExploredSample> samples) =>
        samples.SelectMany(s => s.Rounds.SelectMany(r => r.Refinements).Prepend(s.Attempt)).Where(x => x.Verified).Select(x => x.Text);

    private static double Mean(IEnumerable<double> values)
    {
        var array = values.ToArray();
        return array.Length == 0 ? double.NaN : array.Average();
    }
}
