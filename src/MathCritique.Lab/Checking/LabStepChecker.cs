using System.Globalization;
using MathCritique.CriticEvaluation;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Solutions;

namespace MathCritique.Lab;

/// <summary>
/// Exact step-level checker for solutions to lab problems, whoever wrote them. Each step's computations are
/// checked for available operands (stated in the question or computed earlier), arithmetic, and the operator
/// the plan uses for those operands; answer lines are checked against the last result and the plan.
/// A different but valid order of work is accepted; an off-plan computation is blamed only when the answer
/// comes out wrong. Stateless and thread-safe; never throws on odd text.
/// </summary>
public sealed class LabStepChecker : ISolutionLabeler
{
    private static readonly AnswerExtractor AnswerIs = new([ExtractionMethod.TheAnswerIs]);

    /// <summary>The solution with its exact labels, for <see cref="CriticEvalRun"/>.</summary>
    public LabeledSolution Label(Problem problem, string solution)
    {
        var check = Check(problem, solution);
        return new LabeledSolution(problem, solution, check.IsCorrect, check.FirstWrongStep);
    }

    public LabCheckResult Check(Problem problem, string solution) => Check(LabProblem.FromProblem(problem), solution);

    public LabCheckResult Check(LabProblem problem, string solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solution);
        var state = new State(problem);
        var checks = StepSegmenter.Split(solution).Select(state.CheckStep).ToList();

        var first = checks.FirstOrDefault(c => !c.IsCorrect);
        var lastAnswer = checks.LastOrDefault(c => c.IsAnswerLine);
        decimal? finalAnswer = lastAnswer is not null && TryNumber(lastAnswer.StatedAnswer!, out var n) ? n : null;
        if (lastAnswer is null && first is null)
        {
            first = new LabStepCheck(checks.Count + 1, "", LabErrorType.SkippedStep, [], Expected: state.NextPlanned(), LastResult: state.LastResult);
        }
        else if (first is null && finalAnswer != problem.Answer && state.FirstOffPlan is { } offPlan)
        {
            // Every step was valid on its own, yet the answer is wrong: the first computation off the plan used the wrong quantities.
            first = checks[offPlan.Step - 1] with { Error = LabErrorType.WrongQuantity, Faulty = offPlan.Computation, Expected = offPlan.Expected };
            checks[offPlan.Step - 1] = first;
        }
        return new LabCheckResult(problem, checks, first, finalAnswer);
    }

    internal static bool TryNumber(string text, out decimal value)
    {
        // The leading number: "65", "$65", "1,065" and "65 apples" all state 65.
        var t = text.Trim().TrimStart('$', '*').TrimStart();
        int end = 0;
        while (end < t.Length && (char.IsAsciiDigit(t[end]) || t[end] is ',' or '.'))
            end++;
        var number = t[..end].TrimEnd('.', ',').Replace(",", "", StringComparison.Ordinal);
        value = 0;
        return number.Length is > 0 and <= 24 && decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The answer a line states after "The answer is", if it states one.</summary>
    internal static string? StatedAnswer(string line) => line.Contains("answer is", StringComparison.OrdinalIgnoreCase) ? AnswerIs.Extract(line)?.Answer : null;

    private sealed class State(LabProblem problem)
    {
        private readonly HashSet<decimal> _available = [.. problem.Givens.Select(g => (decimal)g)];
        // Every lab plan uses each given and each result once (and they all differ), so a number used twice is wrong
        // where it is used again: "7 + 7" for "has 7, buys 2 more", the lab actor's commonest level-1 mistake.
        private readonly HashSet<decimal> _used = [];
        private readonly bool[] _done = new bool[problem.Steps.Count];

        public decimal? LastResult { get; private set; }

        public (int Step, LabComputation Computation, LabStep? Expected)? FirstOffPlan { get; private set; }

        public LabStepCheck CheckStep(SolutionStep step)
        {
            var computations = LabComputation.FindAll(step.Text);
            var check = new LabStepCheck(step.Index, step.Text, LabErrorType.Correct, computations);
            foreach (var computation in computations)
            {
                if (check.IsCorrect)
                    check = CheckComputation(check, computation);
                _used.UnionWith(computation.Operands);
                // Later steps build on what the solution wrote, right or wrong, so one error is reported once.
                _available.Add(computation.StatedResult);
                LastResult = computation.StatedResult;
            }
            var answer = StatedAnswer(step.Text);
            if (answer is null)
                return check;
            check = check with { StatedAnswer = answer, LastResult = LastResult };
            return check.IsCorrect ? CheckAnswer(check, answer) : check;
        }

        private LabStepCheck CheckComputation(LabStepCheck check, LabComputation computation)
        {
            for (int i = 0; i < computation.Operands.Count; i++)
            {
                var operand = computation.Operands[i];
                if (_available.Contains(operand) && (_used.Contains(operand) || computation.Operands.Take(i).Contains(operand)))
                    return check with { Error = LabErrorType.WrongQuantity, Faulty = computation, BadOperand = operand, Expected = NextPlanned(), Reused = true };
                if (_available.Contains(operand))
                    continue;
                // A planned intermediate used before it was worked out is a skipped step; any other number is the wrong quantity.
                bool skipped = Enumerable.Range(0, _done.Length).Any(j => !_done[j] && problem.Steps[j].Result == operand);
                return check with
                {
                    Error = skipped ? LabErrorType.SkippedStep : LabErrorType.WrongQuantity,
                    Faulty = computation,
                    BadOperand = operand,
                    Expected = NextPlanned(),
                };
            }
            if (!computation.IsArithmeticCorrect)
                return check with { Error = LabErrorType.ArithmeticSlip, Faulty = computation };
            if (computation.IsBinary)
            {
                decimal a = computation.Operands[0], b = computation.Operands[1];
                var op = computation.Operators[0];
                int exact = FindPlanned(s => s.Operator == op && SameOperands(s, a, b, op.IsCommutative()));
                if (exact >= 0)
                {
                    _done[exact] = true;
                    return check;
                }
                int swapped = FindPlanned(s => s.Operator != op && SameOperands(s, a, b, true));
                if (swapped >= 0)
                    return check with { Error = LabErrorType.WrongOperation, Faulty = computation, Expected = problem.Steps[swapped] };
            }
            else
            {
                // Several operations at once: credit the planned step whose result it reaches.
                int reached = FindPlanned(s => s.Result == computation.StatedResult);
                if (reached >= 0)
                {
                    for (int j = 0; j <= reached; j++)
                        _done[j] = true;
                    return check;
                }
            }
            FirstOffPlan ??= (check.Index, computation, NextPlanned());
            return check;
        }

        private LabStepCheck CheckAnswer(LabStepCheck check, string answer)
        {
            if (!TryNumber(answer, out var stated) || LastResult is { } last && stated != last)
                return check with { Error = LabErrorType.WrongFinalAnswerCopy };
            if (LastResult is null || (stated != problem.Answer && FirstOffPlan is null))
                return check with { Error = LabErrorType.SkippedStep, Expected = NextPlanned() };
            return check;
        }

        /// <summary>The first planned step not yet done whose operands are at hand.</summary>
        public LabStep? NextPlanned()
        {
            for (int j = 0; j < _done.Length; j++)
            {
                var s = problem.Steps[j];
                if (!_done[j] && Ready(s.Left) && Ready(s.Right))
                    return s;
            }
            return Enumerable.Range(0, _done.Length).Where(j => !_done[j]).Select(j => problem.Steps[j]).FirstOrDefault();
        }

        private bool Ready(LabOperand operand) => operand.FromStep is not { } from || _done[from - 1];

        private int FindPlanned(Func<LabStep, bool> predicate)
        {
            for (int j = 0; j < _done.Length; j++)
            {
                if (!_done[j] && predicate(problem.Steps[j]))
                    return j;
            }
            return -1;
        }

        private static bool SameOperands(LabStep s, decimal a, decimal b, bool eitherOrder) =>
            (s.Left.Value == a && s.Right.Value == b) || (eitherOrder && s.Left.Value == b && s.Right.Value == a);
    }
}
