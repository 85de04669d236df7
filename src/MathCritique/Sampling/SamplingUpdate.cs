namespace MathCritique.Sampling;

/// <summary>
/// One piece of a streamed request: <see cref="Text"/> that sample <see cref="SampleIndex"/> added, or, as the last
/// update of each sample, its finished <see cref="Completion"/> (with empty text). A sample's texts joined are its
/// completion's text.
/// </summary>
public sealed record SamplingUpdate(int SampleIndex, string Text, Completion? Completion = null)
{
    /// <summary>The update that ends a sample.</summary>
    public static SamplingUpdate Finished(Completion completion) => new(completion.SampleIndex, "", completion);
}
