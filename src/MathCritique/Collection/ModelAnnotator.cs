using MathCritique.Sampling;

namespace MathCritique.Collection;

/// <summary>An annotator that asks a model (any <see cref="ISampler"/>) for critiques with <see cref="AnnotatorPrompt"/>.</summary>
public sealed class ModelAnnotator(ISampler model, SamplingOptions? sampling = null, bool stopAfterFirstError = true, ulong seed = 1) : ICritiqueAnnotator
{
    private readonly SamplingOptions _sampling = sampling ?? new SamplingOptions { Temperature = 0, MaxTokens = 1024 };

    public string Name => model.ModelId;

    public async Task<IReadOnlyList<string>> AnnotateAsync(IReadOnlyList<CandidateSolution> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var batch = new RequestBatch(model);
        var pending = candidates.Select(c => batch.Add(AnnotatorPrompt.Build(c, stopAfterFirstError), _sampling, seed)).ToArray();
        await batch.SendAsync(null, cancellationToken).ConfigureAwait(false);
        return pending.Select(t => t.Result.Text.Trim()).ToArray();
    }
}
