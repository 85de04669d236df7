using MathCritique.Problems;
using MathCritique.Sampling;

namespace MathCritique.Collection;

/// <summary>
/// RG3 by any model (a GGUF, an OpenAI-compatible server, a lab model): asks it to rewrite one step of a correct
/// solution with a named <see cref="MistakeType"/> (<see cref="MistakeInsertionPrompt"/>), one seeded sample per step.
/// A reply it cannot use is dropped with the reason, not thrown; a server that fails throws as the sampler does.
/// Use it with <see cref="ConstructionOptions.Rg3FromCorrectOnly"/>, so that the rewritten step is the first wrong one.
/// </summary>
public sealed class ModelMistakeInserter : IMistakeInserter
{
    private readonly ISampler _model;
    private readonly SamplingOptions _sampling;

    /// <param name="types">The mistakes to insert (default: all five); the constructor picks one per solution by its seed.</param>
    /// <param name="sampling">Default: temperature 0.7, 256 tokens (a reply is one step).</param>
    public ModelMistakeInserter(ISampler model, IReadOnlyList<MistakeType>? types = null, SamplingOptions? sampling = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        types ??= MistakeTypeNames.All;
        if (types.Count == 0)
            throw new ArgumentException("at least one mistake type is needed", nameof(types));
        _model = model;
        _sampling = sampling ?? new SamplingOptions { Temperature = 0.7f, MaxTokens = 256 };
        _sampling.Validate();
        MistakeTypes = types.Distinct().Select(MistakeTypeNames.Name).ToArray();
    }

    public IReadOnlyList<string> MistakeTypes { get; }

    public async Task<MistakeInsertion> InsertAsync(Problem problem, IReadOnlyList<string> steps, int stepIndex, string mistakeType, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        var prompt = MistakeInsertionPrompt.Build(problem, steps, stepIndex, MistakeTypeNames.Parse(mistakeType));
        var results = await _model.SampleAsync([SamplingRequest.FromUser(prompt, 1, _sampling, seed)], null, cancellationToken).ConfigureAwait(false);
        return MistakeInsertionPrompt.Read(results[0].Completions[0].Text, steps[stepIndex - 1]);
    }
}
