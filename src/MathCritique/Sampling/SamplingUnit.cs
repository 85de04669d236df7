namespace MathCritique.Sampling;

/// <summary>What the cache and the concurrency limit of a sampler pipeline treat as one piece of work.</summary>
public enum SamplingUnit
{
    /// <summary>One sample: its completion depends only on its own seed (<see cref="SamplingRequest.SeedFor"/>), so samples are cached and sent one by one.</summary>
    Sample,
    /// <summary>A request's N samples together: the engine samples them from one seed (a server's <c>n</c> parameter), so they are cached and sent as a whole.</summary>
    Request,
}
