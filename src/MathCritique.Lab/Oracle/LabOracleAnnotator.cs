using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Problems;

namespace MathCritique.Lab;

/// <summary>Options of <see cref="LabOracleAnnotator"/>.</summary>
public sealed record LabOracleOptions
{
    /// <summary>Judge no step after the first wrong one (the paper's critiques stop there too).</summary>
    public bool StopAfterFirstError { get; init; } = true;

    /// <summary>Write a <see cref="LabCheckLines"/> working line before each step's verdict.</summary>
    public bool WriteChecks { get; init; }

    /// <summary>How the check lines decide whether an operand is at hand (with <see cref="WriteChecks"/>).</summary>
    public LabCheckStyle CheckStyle { get; init; } = LabCheckStyle.Marks;

    public static LabOracleOptions Default { get; } = new();

    public void Validate()
    {
        if (!Enum.IsDefined(CheckStyle))
            throw new ArgumentOutOfRangeException(nameof(CheckStyle), CheckStyle, "not a check-line style");
    }
}

/// <summary>
/// Exact critiques of lab solutions in the paper's format, from <see cref="LabStepChecker"/>. Explanations are
/// short (the lab models write them byte by byte) and never state the reference answer unless the solution's
/// own correct computation produced it.
/// </summary>
public sealed class LabOracleAnnotator : ICritiqueAnnotator
{
    private readonly LabStepChecker _checker = new();
    private readonly LabOracleOptions _options;

    public LabOracleAnnotator(LabOracleOptions? options = null)
    {
        _options = options ?? LabOracleOptions.Default;
        _options.Validate();
    }

    public string Name => "lab-oracle";

    public Task<IReadOnlyList<string>> AnnotateAsync(IReadOnlyList<CandidateSolution> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var critiques = new string[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            critiques[i] = CritiqueFormatter.Format(Critique(candidates[i].Problem, candidates[i].Solution));
        }
        return Task.FromResult<IReadOnlyList<string>>(critiques);
    }

    /// <summary>The critique of <paramref name="solution"/> to a lab problem (read back from its metadata).</summary>
    public Critique Critique(Problem problem, string solution) => Critique(_checker.Check(problem, solution));

    public Critique Critique(LabProblem problem, string solution) => Critique(_checker.Check(problem, solution));

    public Critique Critique(LabCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var explain = new Explainer(result);
        int last = _options.StopAfterFirstError && result.FirstWrongStep is { } first ? first : int.MaxValue;
        var checks = _options.WriteChecks ? LabCheckLines.For(result, explain.CanShow, _options.CheckStyle) : null;
        var steps = result.Steps.Where(s => s.Index <= last)
            .Select((s, i) => new StepVerdict(s.Index, s.Text, s.IsCorrect ? Verdict.Correct : Verdict.Wrong, explain.Step(s)) { Check = checks?[i] ?? "" })
            .ToArray();
        return new Critique(steps, result.FinalAnswerCorrect ? Verdict.Correct : Verdict.Wrong, explain.Final());
    }

    private sealed class Explainer(LabCheckResult result)
    {
        // The reference answer may be named only when a correct computation of the solution reached it.
        private readonly bool _answerEarned = result.Steps.Any(s => s.IsCorrect
            && s.Computations.Any(c => c.IsArithmeticCorrect && c.StatedResult == result.Problem.Answer));

        public bool CanShow(decimal value) => value != result.Problem.Answer || _answerEarned;

        private string Value(decimal value) => LabOperators.Format(value);

        private string Planned(LabStep step) => CanShow(step.Result) ? step.Computation : step.Expression;

        public string Step(LabStepCheck s) => s.Error switch
        {
            LabErrorType.Correct when s.Computations.Count > 0 => string.Join(" ", s.Computations.Select(c => $"{c} is correct.")),
            LabErrorType.Correct when s.IsAnswerLine => "It matches the last result.",
            LabErrorType.Correct => "Nothing to compute here.",
            LabErrorType.ArithmeticSlip => Slip(s.Faulty!),
            LabErrorType.WrongQuantity => (s.BadOperand is { } bad
                ? s.Reused ? $"{Value(bad)} is used already." : $"{Value(bad)} is not given or computed before."
                : $"{s.Faulty?.Expression ?? "It"} uses the wrong numbers.") + Should(s.Expected),
            LabErrorType.WrongOperation => s.Expected is { } e
                ? $"It should {e.Operator.Verb()}: {Planned(e)}, not {s.Faulty!.Expression}."
                : "It uses the wrong operation.",
            LabErrorType.SkippedStep => s.BadOperand is { } missing
                ? $"{Value(missing)} is not computed yet." + Should(s.Expected, "First compute")
                : "It stops too early." + Should(s.Expected, "Still needed:"),
            _ => s.LastResult is { } lastResult && CanShow(lastResult)
                ? $"The last result is {Value(lastResult)}, not {s.StatedAnswer}."
                : $"{s.StatedAnswer} is not the last result.",
        };

        public string Final()
        {
            if (result.FinalAnswerCorrect)
                return $"The answer {Value(result.FinalAnswer!.Value)} is correct.";
            if (result.FinalAnswer is null)
                return "There is no final answer." + (result.FirstWrong is { Computations.Count: 0, IsAnswerLine: false } stop ? Should(stop.Expected, "Still needed:") : "");
            return result.FirstWrongStep is { } k && k <= result.Steps.Count
                ? $"The answer {Value(result.FinalAnswer.Value)} is wrong because of step {k}."
                : $"The answer {Value(result.FinalAnswer.Value)} is wrong.";
        }

        private string Slip(LabComputation c) => c.TrueResult is not { } truth
            ? $"{c.Expression} cannot be computed."
            : CanShow(truth) ? $"{c.Expression} is {Value(truth)}, not {Value(c.StatedResult)}." : $"{c.Expression} is not {Value(c.StatedResult)}.";

        private string Should(LabStep? expected, string lead = "It should be") => expected is null ? "" : $" {lead} {Planned(expected)}.";
    }
}
