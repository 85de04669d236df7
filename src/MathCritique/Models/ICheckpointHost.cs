namespace MathCritique.Models;

/// <summary>
/// Makes a fine-tuner's output samplable, so a training loop can open the model it just trained: a GGUF needs
/// nothing (<see cref="LocalCheckpointHost"/>); a Hugging Face checkpoint needs a server started for it (vLLM, SGLang)
/// and stopped after the iteration.
/// </summary>
public interface ICheckpointHost
{
    Task<HostedCheckpoint> HostAsync(string checkpoint, CancellationToken cancellationToken = default);
}

/// <summary>A checkpoint while it is hosted: the <see cref="Address"/> to open it at; disposing stops what was started for it.</summary>
public sealed class HostedCheckpoint(string address, Func<ValueTask>? stop = null) : IAsyncDisposable
{
    private Func<ValueTask>? _stop = stop;

    /// <summary>A model address (<see cref="ModelAddress"/>): a GGUF path or <c>http://host:port/v1#model</c>.</summary>
    public string Address { get; } = address;

    public ValueTask DisposeAsync()
    {
        var stop = Interlocked.Exchange(ref _stop, null);
        return stop is null ? ValueTask.CompletedTask : stop();
    }
}

/// <summary>The checkpoint is already an address (a GGUF path the in-process engine opens): nothing to start.</summary>
public sealed class LocalCheckpointHost : ICheckpointHost
{
    public Task<HostedCheckpoint> HostAsync(string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        return Task.FromResult(new HostedCheckpoint(checkpoint));
    }
}
