using System.Net;

namespace MathCritique.Sampling.Remote;

/// <summary>
/// A remote request failed: transient (429, 5xx, a timeout, a connection error: worth retrying) or not (any other HTTP
/// error, a malformed answer). The message names the endpoint.
/// </summary>
public sealed class RemoteSamplerException : SamplingException
{
    private readonly string? _endpoint;
    private readonly string? _failure;

    public RemoteSamplerException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, isTransient: false, innerException) => StatusCode = statusCode;

    /// <summary>A failed attempt: <paramref name="failure"/> says what went wrong at <paramref name="endpoint"/>.</summary>
    internal RemoteSamplerException(Uri endpoint, string failure, bool isTransient, HttpStatusCode? statusCode, Exception? innerException)
        : base($"POST {endpoint} failed{(isTransient ? ":" : " with")} {failure}", isTransient, innerException)
    {
        StatusCode = statusCode;
        _endpoint = endpoint.ToString();
        _failure = failure;
    }

    private RemoteSamplerException(string message, RemoteSamplerException last)
        : base(message, last.IsTransient, last.InnerException)
    {
        StatusCode = last.StatusCode;
        _endpoint = last._endpoint;
        _failure = last._failure;
    }

    /// <summary>The last HTTP status the server sent, if it answered at all.</summary>
    public HttpStatusCode? StatusCode { get; }

    public override SamplingException AfterAttempts(int attempts) => _endpoint is null
        ? this
        : new RemoteSamplerException($"POST {_endpoint} failed after {attempts} attempt(s); last: {_failure}", this);
}
