using Microsoft.Extensions.Logging;

namespace MathCritique.Sampling;

/// <summary>
/// Composes sampler middleware around an inner sampler. Whatever order the <c>Use…</c> calls come in, <see cref="Build"/>
/// nests them in one order, from the caller inwards:
/// <list type="number">
/// <item><see cref="LoggingSampler"/>: logs every call as the caller made it, cache hits included;</item>
/// <item><see cref="CachingSampler"/>: answers from disk before anything waits for a slot;</item>
/// <item><see cref="ConcurrencyLimitingSampler"/>: splits calls into units and bounds those in flight (a unit keeps its
/// slot through its retries and their waits, so retries never exceed the limit);</item>
/// <item><see cref="RetryingSampler"/>: next to the engine, so under a per-sample limit it retries one sample;</item>
/// <item>the inner sampler.</item>
/// </list>
/// The <see cref="SamplingUnit"/> given to the builder is what the cache and the limit treat as one.
/// </summary>
public sealed class SamplerBuilder
{
    private readonly ISampler _inner;
    private readonly SamplingUnit _unit;
    private string? _cacheDirectory;
    private RetryOptions? _retry;
    private int? _maxInFlight;
    private ILogger? _logger;

    public SamplerBuilder(ISampler innerSampler, SamplingUnit unit = SamplingUnit.Sample)
    {
        ArgumentNullException.ThrowIfNull(innerSampler);
        _inner = innerSampler;
        _unit = unit;
    }

    /// <summary>Keeps completions in <paramref name="directory"/> and answers repeated samples from there.</summary>
    public SamplerBuilder UseDiskCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _cacheDirectory = directory;
        return this;
    }

    /// <summary>Retries transient failures (defaults: 4 retries from 1 s).</summary>
    public SamplerBuilder UseRetry(RetryOptions? options = null)
    {
        options ??= new RetryOptions();
        options.Validate();
        _retry = options;
        return this;
    }

    /// <summary>Keeps at most <paramref name="maxInFlight"/> units in flight.</summary>
    public SamplerBuilder UseConcurrencyLimit(int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _maxInFlight = maxInFlight;
        return this;
    }

    /// <summary>Logs each call to <paramref name="logger"/>.</summary>
    public SamplerBuilder UseLogging(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        return this;
    }

    /// <summary>The pipeline; the inner sampler itself when nothing was added. Disposing the pipeline disposes the inner sampler.</summary>
    public ISampler Build()
    {
        var sampler = _inner;
        if (_retry is not null)
            sampler = new RetryingSampler(sampler, _retry);
        if (_maxInFlight is { } max)
            sampler = new ConcurrencyLimitingSampler(sampler, max, _unit);
        if (_cacheDirectory is not null)
            sampler = new CachingSampler(sampler, _cacheDirectory, _unit);
        if (_logger is not null)
            sampler = new LoggingSampler(sampler, _logger);
        return sampler;
    }
}
