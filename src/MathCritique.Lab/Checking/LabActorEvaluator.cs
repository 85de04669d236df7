using System.Globalization;
using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Reports;
using MathCritique.Sampling;

namespace MathCritique.Lab;

/// <summary>How the actor did on one problem: its greedy solution, and its refinement given the exact critique.</summary>
public sealed record LabActorRecord(string Id, int Level, bool Correct, int? FirstWrongStep, string Error, bool? RefinedCorrect, bool? BaselineRefinedCorrect, string Solution, string? Refined);

/// <summary>Accuracy and refine skill at one level (or overall).</summary>
public sealed record LabActorLevel(string Level, int Problems, double Accuracy, double FixRate, double BreakRate, double BaselineFixRate);

/// <summary>
/// Measures the lab actor: greedy accuracy by level, and — with the exact critique of each of its own solutions —
/// how often refining fixes a wrong solution and how often it breaks a right one, against a generic
/// "wrong, try again" baseline. This is what the lab actor is trained for and what the README reports.
/// </summary>
public sealed class LabActorEvaluator(ISampler actor, PromptSet prompts, int maxTokens = 320)
{
    public const string BaselineFeedback = Refinement.TryAgainFeedback;

    private readonly LabStepChecker _checker = new();
    private readonly LabOracleAnnotator _oracle = new();

    public async Task<IReadOnlyList<LabActorRecord>> EvaluateAsync(IReadOnlyList<LabProblem> problems, bool refine = true,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var greedy = new SamplingOptions { Temperature = 0, MaxTokens = maxTokens };
        var solve = new RequestBatch(actor);
        var solutions = problems.Select(p => solve.Add(prompts.BuildSolve(p.Question), greedy, 0)).ToArray();
        await solve.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        var checks = problems.Select((p, i) => _checker.Check(p, solutions[i].Result.Text)).ToArray();
        if (!refine)
            return problems.Select((p, i) => Record(p, solutions[i].Result.Text, checks[i], null, null)).ToArray();

        var refineBatch = new RequestBatch(actor);
        var refined = problems.Select((p, i) =>
        {
            var text = solutions[i].Result.Text;
            var critique = CritiqueFormatter.Format(_oracle.Critique(checks[i]));
            return refineBatch.Add(prompts.BuildRefine(p.Question, text, critique), greedy, 0);
        }).ToArray();
        var baseline = problems.Select((p, i) => checks[i].IsCorrect
            ? null
            : refineBatch.Add(prompts.BuildRefine(p.Question, solutions[i].Result.Text, BaselineFeedback), greedy, 0)).ToArray();
        await refineBatch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        return problems.Select((p, i) => Record(p, solutions[i].Result.Text, checks[i], refined[i].Result.Text,
            baseline[i] is { } b ? _checker.Check(p, b.Result.Text).IsCorrect : null)).ToArray();
    }

    private LabActorRecord Record(LabProblem problem, string solution, LabCheckResult check, string? refined, bool? baselineCorrect) => new(
        problem.Id, problem.Level, check.IsCorrect, check.FirstWrongStep, check.FirstError.ToString(),
        refined is null ? null : _checker.Check(problem, refined).IsCorrect, baselineCorrect, solution, refined);

    /// <summary>Per level and overall.</summary>
    public static IReadOnlyList<LabActorLevel> Summarize(IReadOnlyList<LabActorRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        static double Rate(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
        static LabActorLevel Of(string name, IReadOnlyList<LabActorRecord> r)
        {
            var wrong = r.Where(x => !x.Correct).ToArray();
            var right = r.Where(x => x.Correct).ToArray();
            return new(name, r.Count, Rate(right.Length, r.Count),
                Rate(wrong.Count(x => x.RefinedCorrect == true), wrong.Count(x => x.RefinedCorrect is not null)),
                Rate(right.Count(x => x.RefinedCorrect == false), right.Count(x => x.RefinedCorrect is not null)),
                Rate(wrong.Count(x => x.BaselineRefinedCorrect == true), wrong.Count(x => x.BaselineRefinedCorrect is not null)));
        }
        return records.GroupBy(r => r.Level).OrderBy(g => g.Key)
            .Select(g => Of(g.Key.ToString(CultureInfo.InvariantCulture), g.ToArray()))
            .Append(Of("all", records))
            .ToArray();
    }

    public static string ToMarkdown(IReadOnlyList<LabActorLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var table = new MarkdownTable("level", "problems", "greedy accuracy", "fix rate (exact critique)", "break rate (exact critique)", "fix rate (\"wrong, try again\")");
        foreach (var l in levels)
            table.Add(l.Level, l.Problems, ReportFormat.Percent(l.Accuracy), ReportFormat.Percent(l.FixRate), ReportFormat.Percent(l.BreakRate), ReportFormat.Percent(l.BaselineFixRate));
        return table.ToString();
    }
}
