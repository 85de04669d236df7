namespace MathCritique.Lab;

/// <summary>An operand of a planned step: a number stated in the question, or the result of an earlier step.</summary>
/// <param name="FromStep">1-based plan step whose result this is; null when the question states it.</param>
public sealed record LabOperand(long Value, int? FromStep = null);

/// <summary>One planned step of a lab problem: <c>Left Operator Right = Result</c>, and its reference sentence.</summary>
public sealed record LabStep(LabOperand Left, LabOperator Operator, LabOperand Right, long Result, string Sentence)
{
    /// <summary><c>a op b = c</c>.</summary>
    public string Computation => $"{Expression} = {Result}";

    /// <summary><c>a op b</c>.</summary>
    public string Expression => LabOperators.Expression(Left.Value, Operator, Right.Value);
}
