namespace MathCritique.Collection;

/// <summary>
/// What an <see cref="IMistakeInserter"/> made of one step: the rewritten step, or why there is none (the mistake
/// cannot be made there, or a model's reply was unreadable or left the step as it was) with the reply, if any.
/// </summary>
public sealed record MistakeInsertion(string? Step, string? DropReason = null, string? Output = null)
{
    public static MistakeInsertion Made(string step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        return new(step);
    }

    public static MistakeInsertion Dropped(string reason, string? output = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(null, reason, output);
    }
}
