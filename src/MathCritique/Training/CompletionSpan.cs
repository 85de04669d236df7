namespace MathCritique.Training;

/// <summary>
/// A stretch of an <see cref="SftExample.Completion"/> in UTF-16 characters, <c>[Start, Start + Length)</c>: what
/// <see cref="SftExample.Unscored"/> lists to keep a piece of the reply as context without loss on it.
/// </summary>
public readonly record struct CompletionSpan(int Start, int Length)
{
    /// <summary>The first character after the span.</summary>
    public int End => Start + Length;

    /// <summary>Throws unless every span is non-empty, lies inside a completion of <paramref name="completionLength"/> characters, and comes after the one before it without overlapping.</summary>
    public static void Validate(IReadOnlyList<CompletionSpan> spans, int completionLength)
    {
        ArgumentNullException.ThrowIfNull(spans);
        int end = 0;
        foreach (var span in spans)
        {
            if (span.Length < 1 || span.Start < end || span.End > completionLength)
                throw new ArgumentException(
                    $"unscored span [{span.Start}, {span.End}) must be non-empty, inside the completion ({completionLength} characters), and after the span before it (which ends at {end})",
                    nameof(spans));
            end = span.End;
        }
    }
}
