namespace MathCritique.Training;

/// <summary>
/// One supervised example: a user prompt and the assistant completion the model should learn to produce, optionally
/// after a system prompt and earlier turns of the same conversation. Trainers put the loss on <see cref="Completion"/>
/// except its <see cref="Unscored"/> spans; the system prompt and the history are context.
/// </summary>
public sealed record SftExample(string Prompt, string Completion)
{
    private readonly IReadOnlyList<CompletionSpan> _unscored = [];

    /// <summary>The system prompt, or null for none.</summary>
    public string? System { get; init; }

    /// <summary>Earlier exchanges of the conversation, oldest first, before <see cref="Prompt"/>.</summary>
    public IReadOnlyList<SftTurn> History { get; init; } = [];

    /// <summary>
    /// Spans of <see cref="Completion"/> the model reads but is not trained to write (e.g. a retracted attempt's steps),
    /// in order and not overlapping; empty: the loss is on the whole completion.
    /// </summary>
    public IReadOnlyList<CompletionSpan> Unscored
    {
        get => _unscored;
        init
        {
            CompletionSpan.Validate(value, Completion.Length);
            _unscored = value;
        }
    }

    /// <summary>The completion cut at the unscored spans' edges, in order, each piece with whether the loss is on it (one scored piece without spans).</summary>
    public IReadOnlyList<(string Text, bool Scored)> CompletionPieces()
    {
        // Checked again: `with { Completion = … }` keeps spans made for another text.
        CompletionSpan.Validate(Unscored, Completion.Length);
        var pieces = new List<(string, bool)>();
        int at = 0;
        foreach (var span in Unscored)
        {
            if (span.Start > at)
                pieces.Add((Completion[at..span.Start], true));
            pieces.Add((Completion.Substring(span.Start, span.Length), false));
            at = span.End;
        }
        if (at < Completion.Length || pieces.Count == 0)
            pieces.Add((Completion[at..], true));
        return pieces;
    }

    // Value equality over the turns and spans too (a record compares a list by reference).
    public bool Equals(SftExample? other) =>
        other is not null && Prompt == other.Prompt && Completion == other.Completion && System == other.System
        && History.SequenceEqual(other.History) && Unscored.SequenceEqual(other.Unscored);

    public override int GetHashCode() => HashCode.Combine(Prompt, Completion, System, History.Count, Unscored.Count);
}
