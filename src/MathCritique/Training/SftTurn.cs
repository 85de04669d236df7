namespace MathCritique.Training;

/// <summary>One earlier exchange of a conversation: what the user said and what the assistant replied.</summary>
public sealed record SftTurn(string Prompt, string Completion);
