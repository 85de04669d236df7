using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace MathCritique.Sampling;

/// <summary>
/// Middleware that logs each call: what was asked (debug), what came back and how long it took (information), and a
/// failure (warning, with the exception) or a cancellation (debug). Texts are not logged: prompts may be private.
/// </summary>
public sealed partial class LoggingSampler : DelegatingSampler
{
    private readonly ILogger _logger;

    public LoggingSampler(ISampler innerSampler, ILogger logger)
        : base(innerSampler)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    public override async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        int samples = requests.Sum(r => r?.N ?? 0);
        LogStarting(_logger, ModelId, requests.Count, samples);
        long started = Stopwatch.GetTimestamp();
        try
        {
            var results = await base.SampleAsync(requests, progress, cancellationToken).ConfigureAwait(false);
            LogSampled(_logger, ModelId, samples, results.Sum(r => r.Completions.Sum(c => (long)c.GeneratedTokens)), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return results;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(_logger, ModelId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception e)
        {
            LogFailed(_logger, e, ModelId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
            throw;
        }
    }

    public override async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        LogStarting(_logger, ModelId, 1, request.N);
        long started = Stopwatch.GetTimestamp();
        long tokens = 0;
        bool finished = false;
        try
        {
            await foreach (var update in base.StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                tokens += update.Completion?.GeneratedTokens ?? 0;
                yield return update;
            }
            finished = true;
            LogSampled(_logger, ModelId, request.N, tokens, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            if (!finished)
                LogStopped(_logger, ModelId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Model}: sampling {Requests} request(s), {Samples} sample(s)")]
    private static partial void LogStarting(ILogger logger, string model, int requests, int samples);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: {Samples} sample(s), {Tokens} tokens in {ElapsedMs:F0} ms")]
    private static partial void LogSampled(ILogger logger, string model, int samples, long tokens, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Model}: cancelled after {ElapsedMs:F0} ms")]
    private static partial void LogCancelled(ILogger logger, string model, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: failed after {ElapsedMs:F0} ms: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string model, double elapsedMs, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Model}: stream ended early (failed, cancelled or abandoned) after {ElapsedMs:F0} ms")]
    private static partial void LogStopped(ILogger logger, string model, double elapsedMs);
}
