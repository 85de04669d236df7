namespace MathCritique.Sampling.Remote;

/// <summary>
/// How to reach an OpenAI-compatible server (vLLM, llama.cpp server, ...) and how hard to try. <see cref="RemoteSampler"/>
/// reads the address, model, key, timeout and endpoint settings; <see cref="RemoteSampler.CreatePipeline"/> also reads
/// the concurrency, retry and cache settings for the middleware it puts around it.
/// </summary>
public sealed record RemoteSamplerOptions
{
    /// <summary>The API root, e.g. <c>http://127.0.0.1:8080/v1</c>; endpoints are appended to it.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The <c>model</c> field of every request.</summary>
    public string Model { get; init; } = "default";

    /// <summary>Environment variable holding the API key (sent as a bearer token when set; never logged).</summary>
    public string ApiKeyEnvironmentVariable { get; init; } = "OPENAI_API_KEY";

    /// <summary>Most requests in flight at once (each sample is one request, or each request with <see cref="UseNParameter"/>); also the HTTP connection limit.</summary>
    public int MaxConcurrency { get; init; } = 32;

    /// <summary>Limit for one attempt; long because long generations are not streamed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and connection errors (<see cref="RetryOptions.MaxRetries"/>).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; it doubles each retry and gets up to 50% jitter (<see cref="RetryOptions.BaseDelay"/>).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True: <c>/chat/completions</c> (the server applies the chat template). False: <c>/completions</c> with the message texts joined.</summary>
    public bool UseChatEndpoint { get; init; } = true;

    /// <summary>
    /// True: one request per <see cref="SamplingRequest"/> with <c>n</c> = N and the request's own seed (vLLM, our
    /// <c>serve</c>; OpenAI itself ignores seeds per choice). False (default): N requests with a seed each, which
    /// every server supports and which keeps each sample reproducible on its own.
    /// </summary>
    public bool UseNParameter { get; init; }

    /// <summary>When set, each completion is stored here and a repeated identical sample is read back instead of requested (<see cref="CachingSampler"/>).</summary>
    public string? CacheDirectory { get; init; }

    public void Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"BaseUrl must be an absolute http(s) URL, got '{BaseUrl}'.", nameof(BaseUrl));
        if (string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException("Model must not be empty.", nameof(Model));
        if (string.IsNullOrWhiteSpace(ApiKeyEnvironmentVariable))
            throw new ArgumentException("ApiKeyEnvironmentVariable must not be empty.", nameof(ApiKeyEnvironmentVariable));
        if (MaxConcurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "must be >= 1");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "must be positive");
        if (MaxRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "must be >= 0");
        if (RetryBaseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "must be >= 0");
        if (CacheDirectory is not null && string.IsNullOrWhiteSpace(CacheDirectory))
            throw new ArgumentException("CacheDirectory must be null or a path.", nameof(CacheDirectory));
    }
}
