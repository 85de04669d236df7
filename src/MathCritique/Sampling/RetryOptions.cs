namespace MathCritique.Sampling;

/// <summary>How <see cref="RetryingSampler"/> retries: how often, how long it waits, and which failures it retries.</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; it doubles each retry and gets up to 50% jitter (so callers that failed together do not retry together).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Which failures are worth another attempt; <see cref="IsTransientByDefault"/> unless set.</summary>
    public Func<Exception, bool> IsTransient { get; init; } = IsTransientByDefault;

    /// <summary>A <see cref="SamplingException"/> marked transient (a remote server's 429, 5xx, timeout or lost connection), an <see cref="HttpRequestException"/>, a <see cref="TimeoutException"/>.</summary>
    public static bool IsTransientByDefault(Exception exception) =>
        exception is SamplingException { IsTransient: true } or HttpRequestException or TimeoutException;

    /// <summary>The wait before retry <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry) => BaseDelay * Math.Pow(2, retry - 1) * (1 + 0.5 * Random.Shared.NextDouble());

    public void Validate()
    {
        if (MaxRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "must be >= 0");
        if (BaseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must be >= 0");
        ArgumentNullException.ThrowIfNull(IsTransient);
    }
}
