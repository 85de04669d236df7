namespace MathCritique.Lab;

/// <summary>What the checker found wrong with a step (or <see cref="Correct"/>).</summary>
public enum LabErrorType
{
    Correct = 0,

    /// <summary><c>a op b = c</c> with c ≠ a op b.</summary>
    ArithmeticSlip,

    /// <summary>An operand that is neither given nor computed earlier, or a computation off the plan that leads to a wrong answer.</summary>
    WrongQuantity,

    /// <summary>The planned operands with a different operator.</summary>
    WrongOperation,

    /// <summary>A needed intermediate used before it is computed, an answer before the plan is done, or no final answer at all.</summary>
    SkippedStep,

    /// <summary>"The answer is X" where X is not the last computed result.</summary>
    WrongFinalAnswerCopy,
}
