namespace MathCritique.LlamaCpp.Training;

/// <summary>One supervised example: a user prompt and the assistant completion the model should learn to produce.</summary>
public sealed record SftExample(string Prompt, string Completion);
