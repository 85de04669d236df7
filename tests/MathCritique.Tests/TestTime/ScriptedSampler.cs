using MathCritique.Sampling;

namespace MathCritique.Tests.TestTime;

/// <summary>
/// A sampler whose answers are a function of the prompt and the sample seed: the scripted stand-in the
/// strategy tests use to pin down exactly what each model "says". Records every request it gets.
/// </summary>
internal sealed class ScriptedSampler(string modelId, Func<SamplingRequest, ulong, string> respond) : ISampler
{
    public ScriptedSampler(string modelId, Func<string, ulong, string> respond)
        : this(modelId, (request, seed) => respond(request.Messages[^1].Text, seed))
    {
    }

    public string ModelId => modelId;
    public List<SamplingRequest> Requests { get; } = [];
    public int Calls { get; private set; }

    public Task<IReadOnlyList<SamplingResult>> SampleAsync(IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        Requests.AddRange(requests);
        IReadOnlyList<SamplingResult> results = requests.Select(r => new SamplingResult(r, Enumerable.Range(0, r.N).Select(i =>
        {
            var text = respond(r, r.SeedFor(i));
            return new Completion(i, text, r.Messages[^1].Text.Length, text.Length, FinishReason.EndOfSequence);
        }).ToArray())).ToArray();
        return Task.FromResult(results);
    }
}
