namespace MathCritique.Training;

/// <summary>
/// One supervised example: a user prompt and the assistant completion the model should learn to produce, optionally
/// after a system prompt and earlier turns of the same conversation. Trainers put the loss on <see cref="Completion"/>;
/// the system prompt and the history are context.
/// </summary>
public sealed record SftExample(string Prompt, string Completion)
{
    /// <summary>The system prompt, or null for none.</summary>
    public string? System { get; init; }

    /// <summary>Earlier exchanges of the conversation, oldest first, before <see cref="Prompt"/>.</summary>
    public IReadOnlyList<SftTurn> History { get; init; } = [];

    // Value equality over the turns too (a record compares a list by reference).
    public bool Equals(SftExample? other) =>
        other is not null && Prompt == other.Prompt && Completion == other.Completion && System == other.System && History.SequenceEqual(other.History);

    public override int GetHashCode() => HashCode.Combine(Prompt, Completion, System, History.Count);
}
