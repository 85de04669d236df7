namespace MathCritique.Sampling;

public static class SamplerExtensions
{
    /// <summary>Samples one request.</summary>
    public static async Task<SamplingResult> SampleAsync(
        this ISampler sampler, SamplingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var results = await sampler.SampleAsync([request], null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }
}
