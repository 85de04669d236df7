using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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
            [PlanKey] = JsonSerializer.Serialize(Plan.From(this), PlanJson),
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
            plan = JsonSerializer.Deserialize<Plan>(json, PlanJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"problem {problem.Id}: unreadable '{PlanKey}' ({e.Message})", e);
        }
        if (plan?.G is null || plan.S is null || plan.S.Length == 0 || plan.S.Any(s => s?.T is null || LabOperators.FromSymbol(s.O ?? "") is null))
            throw new FormatException($"problem {problem.Id}: '{PlanKey}' needs givens and at least one complete step");
        var steps = plan.S.Select(s => new LabStep(new LabOperand(s.L, s.Lf), LabOperators.FromSymbol(s.O!)!.Value, new LabOperand(s.R, s.Rf), s.V, s.T!)).ToArray();
        var split = problem.Metadata.TryGetValue(SplitKey, out var name) ? LabSplits.Parse(name) : LabSplits.Of(CanonicalKeyOf(plan.G, steps));
        return new LabProblem(problem.Id, split, problem.Level ?? steps.Length, problem.Question, plan.G, steps);
    }

    // The plan rides along in every problem line, so its JSON is terse: givens, then steps as
    // left (from step), operator, right (from step), value, sentence.
    private static readonly JsonSerializerOptions PlanJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private sealed record Plan(long[] G, PlanStep[] S)
    {
        public static Plan From(LabProblem p) => new(p.Givens.ToArray(),
            p.Steps.Select(s => new PlanStep(s.Left.Value, s.Left.FromStep, s.Operator.Symbol().ToString(), s.Right.Value, s.Right.FromStep, s.Result, s.Sentence)).ToArray());
    }

    private sealed record PlanStep(long L, int? Lf, string? O, long R, int? Rf, long V, string? T);
}
