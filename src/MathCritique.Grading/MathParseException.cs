namespace MathCritique.Grading;

/// <summary>An answer the grader cannot read; the message says why and ends up in <see cref="GradeResult.Reason"/>.</summary>
internal sealed class MathParseException(string message) : Exception(message);
