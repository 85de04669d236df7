using LLama.Native;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// One caller's share of the continuous batch: its requests with their prompt tokens, where its completions go,
/// and its own progress, text callback and cancellation. Touched only by the decode thread once submitted.
/// </summary>
internal sealed class GenerationJob
{
    private readonly TaskCompletionSource<Completion[][]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Completion[][] _results;
    private readonly IProgress<SamplingProgress>? _progress;
    private int _finished;
    private long _tokens;

    public GenerationJob(IReadOnlyList<SamplingRequest> requests, IReadOnlyList<LLamaToken[]> promptTokens,
        IProgress<SamplingProgress>? progress, Action<int, int, string>? onText, CancellationToken cancellationToken)
    {
        Requests = requests;
        PromptTokens = promptTokens;
        _progress = progress;
        OnText = onText;
        CancellationToken = cancellationToken;
        _results = requests.Select(r => new Completion[r.N]).ToArray();
        Total = requests.Sum(r => r.N);
    }

    public IReadOnlyList<SamplingRequest> Requests { get; }
    public IReadOnlyList<LLamaToken[]> PromptTokens { get; }
    /// <summary>(request, sample, text) for each piece of text as soon as stop strings can no longer cut it.</summary>
    public Action<int, int, string>? OnText { get; }
    public CancellationToken CancellationToken { get; }
    public CancellationTokenRegistration CancellationRegistration { get; set; }
    public int Total { get; }
    public Task<Completion[][]> Task => _done.Task;

    /// <summary>Stores a finished sample; true when it was the job's last.</summary>
    public bool Record(int request, Completion completion)
    {
        _results[request][completion.SampleIndex] = completion;
        _finished++;
        _tokens += completion.GeneratedTokens;
        _progress?.Report(new SamplingProgress(_finished, Total, _tokens));
        return _finished == Total;
    }

    public void Complete() => Settle(() => _done.TrySetResult(_results));

    public void Cancel() => Settle(() => _done.TrySetCanceled(CancellationToken));

    public void Fail(Exception e) => Settle(() => _done.TrySetException(e));

    private void Settle(Action settle)
    {
        CancellationRegistration.Dispose();
        settle();
    }
}
