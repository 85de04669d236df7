using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;

/// <summary>
/// Our engine as the commands use it: <see cref="LlamaSampler"/> on the measured model, alone in the process or
/// alternating with a second model's sampler (the critic of <c>eval</c>), each with its own decode thread.
/// </summary>
internal sealed class SamplerRun(LlamaSampler measured, LlamaSampler? partner, bool ownThreads) : IDisposable
{
    /// <summary><paramref name="ownThreads"/>: each model decodes on a compute thread of its own, as before models shared one.</summary>
    public static async Task<SamplerRun> LoadAsync(string path, string? partnerPath, LlamaEngineOptions options, bool ownThreads)
    {
        var measured = await LlamaSampler.LoadAsync(path, options, ownThreads ? new LlamaComputeThread() : LlamaComputeThread.Shared);
        var partner = partnerPath is null ? null : await LlamaSampler.LoadAsync(partnerPath, options, ownThreads ? new LlamaComputeThread() : LlamaComputeThread.Shared);
        return new SamplerRun(measured, partner, ownThreads);
    }

    public static SamplingRequest Request(string prompt, int sequences, int maxTokens, ulong seed) =>
        SamplingRequest.FromUser(prompt, sequences, new SamplingOptions { Temperature = 1f, MaxTokens = maxTokens }, seed);

    /// <summary>The partner samples the same work first (as a critic judges the actor's last batch), untimed; then the measured model, timed.</summary>
    public async Task<(long Tokens, double Seconds)> RunAsync(SamplingRequest request)
    {
        if (partner is not null)
            await partner.SampleAsync(request);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await measured.SampleAsync(request);
        return (result.Completions.Sum(c => (long)c.GeneratedTokens), watch.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        measured.Dispose();
        partner?.Dispose();
        if (ownThreads)
        {
            measured.ComputeThread.Dispose();
            partner?.ComputeThread.Dispose();
        }
    }
}
