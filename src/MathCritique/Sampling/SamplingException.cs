namespace MathCritique.Sampling;

/// <summary>
/// A sampler failed. <see cref="IsTransient"/> says whether another attempt may succeed (an overloaded or unreachable
/// server, a timeout), which is what <see cref="RetryingSampler"/> retries by default.
/// </summary>
public abstract class SamplingException : Exception
{
    protected SamplingException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True when trying again may succeed; false when it cannot (a bad request, a refused key, a malformed answer).</summary>
    public bool IsTransient { get; }

    /// <summary>What to report when this failure ended the last of <paramref name="attempts"/> attempts (by default, itself).</summary>
    public virtual SamplingException AfterAttempts(int attempts) => this;
}
