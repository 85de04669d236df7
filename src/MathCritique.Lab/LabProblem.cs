using System.Globalization;
using System.Text.Json;
using MathCritique.Evaluation;
using MathCritique.Problems;

namespace MathCritique.Lab;

/// <summary>
/// A lab problem with its structured ground truth: the numbers the question states and the planned steps.
/// <see cref="ToProblem"/> carries the plan in <see cref="Problem.Metadata"/>, so <see cref="FromProblem"/>
/// recovers it from a problem read back from JSON Lines.
/// </summary>
public sealed record LabProblem(string Id, LabSplit Split, int Level, string Question, IReadOnlyList<long> Givens, IReadOnlyList<LabStep> Steps)
{
    public const string Source = "lab";
    public const string SplitKey = "split";
    public const string PlanKey = "lab_plan";

    public long Answer => Steps[^1].Result;

    /// <summary>One step per line, then <c>The answer is N.</c></summary>
    public string ReferenceSolution => string.Join('\n', Steps.Select(s => s.Sentence).Append(AnswerLine(Answer)));

    /// <summary>The numbers and operations (no names, no wording): what decides the split.</summary>
    public string CanonicalKey => CanonicalKeyOf(Givens, Steps);

    public static string AnswerLine(decimal answer) => $"The answer is {LabOperators.Format(answer)}.";

    internal static string CanonicalKeyOf(IEnumerable<long> givens, IEnumerable<LabStep> steps) =>
        string.Join(',', givens.Select(g => g.ToString(CultureInfo.InvariantCulture))) + "|"
        + string.Join(';', steps.Select(s => $"{Ref(s.Left)}{s.Operator.Symbol()}{Ref(s.Right)}"));

    private static string Ref(LabOperand operand) =>
        operand.FromStep is { } step ? $"s{step}" : operand.Value.ToString(CultureInfo.InvariantCulture);

    public Problem ToProblem() => new(Id, Question, Answer.ToString(CultureInfo.InvariantCulture), ReferenceSolution, Level, Source)
    {
        Metadata = new Dictionary<string, string>
        {
            [SplitKey] = Split.Name(),
            [PlanKey] = JsonSerializer.Serialize(new Plan(Givens, Steps), JsonFormat.Compact),
        },
    };

    /// <summary>Recovers the lab structure of <paramref name="problem"/> from its metadata.</summary>
    /// <exception cref="FormatException">The problem is not a lab problem or its plan is unreadable.</exception>
    public static LabProblem FromProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!problem.Metadata.TryGetValue(PlanKey, out var json))
            throw new FormatException($"problem {problem.Id} has no '{PlanKey}' metadata; it is not a lab problem");
        Plan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<Plan>(json, JsonFormat.Compact);
        }
        catch (JsonException e)
        {
            throw new FormatException($"problem {problem.Id}: unreadable '{PlanKey}' ({e.Message})", e);
        }
        if (plan?.Givens is null || plan.Steps is null || plan.Steps.Count == 0 || plan.Steps.Any(s => s?.Left is null || s.Right is null || s.Sentence is null))
            throw new FormatException($"problem {problem.Id}: '{PlanKey}' needs givens and at least one complete step");
        var split = problem.Metadata.TryGetValue(SplitKey, out var name) ? LabSplits.Parse(name) : LabSplits.Of(CanonicalKeyOf(plan.Givens, plan.Steps));
        return new LabProblem(problem.Id, split, problem.Level ?? plan.Steps.Count, problem.Question, plan.Givens, plan.Steps);
    }

    private sealed record Plan(IReadOnlyList<long> Givens, IReadOnlyList<LabStep> Steps);
}
