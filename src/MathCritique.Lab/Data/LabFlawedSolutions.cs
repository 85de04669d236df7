namespace MathCritique.Lab;

/// <summary>
/// Self-consistent flawed solutions: a mistake inserted at step k (by <see cref="LabCorruptor"/>), then every
/// later step redone with the wrong value carried forward, as a model that made the mistake would continue.
/// A corrupted step alone, followed by the reference's later steps, would still end on the right answer.
/// </summary>
public sealed class LabFlawedSolutions(LabCorruptor corruptor)
{
    /// <summary>The flawed solution text, or null when this mistake cannot be made at step <paramref name="stepIndex"/>.</summary>
    public string? Create(LabProblem problem, int stepIndex, string mistakeType, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var reference = problem.Steps.Select(s => s.Sentence).Append(LabProblem.AnswerLine(problem.Answer)).ToArray();
        var corrupted = corruptor.Insert(problem, reference, stepIndex, mistakeType, seed);
        if (corrupted is null)
            return null;
        if (mistakeType == LabCorruptor.MissingStep || stepIndex > problem.Steps.Count)
            return string.Join('\n', reference.Take(stepIndex - 1).Append(corrupted).Concat(reference.Skip(stepIndex)).Distinct());

        var stated = LabComputation.FindAll(corrupted).FirstOrDefault();
        if (stated is null)
            return null;
        // Values of plan steps as this flawed solution has them.
        var values = problem.Steps.Select(s => (decimal)s.Result).ToArray();
        values[stepIndex - 1] = stated.StatedResult;
        var lines = reference.Take(stepIndex - 1).Append(corrupted).ToList();
        for (int j = stepIndex; j < problem.Steps.Count; j++)
        {
            var step = problem.Steps[j];
            decimal left = Value(step.Left, values), right = Value(step.Right, values);
            decimal result = step.Operator.Apply(left, right) is { } r ? Math.Round(r, 2) : step.Result;
            values[j] = result;
            var computation = $"{LabOperators.Expression(left, step.Operator, right)} = {LabOperators.Format(result)}";
            lines.Add(step.Sentence.Replace(step.Computation, computation, StringComparison.Ordinal));
        }
        lines.Add(LabProblem.AnswerLine(values[^1]));
        return string.Join('\n', lines);
    }

    private static decimal Value(LabOperand operand, decimal[] values) => operand.FromStep is { } from ? values[from - 1] : operand.Value;
}
