using System.Net;

namespace MathCritique.Sampling.Remote;

/// <summary>A remote request failed for good (after retries, or at once for errors a retry cannot fix).</summary>
public sealed class RemoteSamplerException : Exception
{
    public RemoteSamplerException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The last HTTP status the server sent, if it answered at all.</summary>
    public HttpStatusCode? StatusCode { get; }
}
