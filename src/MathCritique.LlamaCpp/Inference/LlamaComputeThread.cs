namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// The thread on which llama.cpp and ggml compute runs: the decode steps of every <see cref="LlamaSampler"/> that
/// shares it (round-robin, one step of each busy model per turn) and any other native work handed to
/// <see cref="Run{T}"/> (training steps).
/// </summary>
/// <remarks>
/// Why one thread: the CPU backend's OpenMP keeps a pool of worker threads per thread that starts a parallel
/// region, and once two such pools exist on a machine with few cores, its barriers sleep instead of spinning and
/// every multi-threaded decode of a small model is 4–10× slower (bench/README.md, EngineBench). Models that share
/// this thread keep one pool, so they can use every core. That pool is process-wide state, so <see cref="Shared"/> is
/// too.
/// </remarks>
public sealed class LlamaComputeThread : IDisposable
{
    private static readonly Lazy<LlamaComputeThread> SharedThread = new(() => new LlamaComputeThread("llama.cpp compute (shared)"));

    private readonly Thread _thread;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<(Action Run, Action<Exception> Fail)> _work = new();
    private readonly object _gate = new();
    // Replaced whole under _gate, read without it by the loop.
    private volatile IStepper[] _steppers = [];

    /// <summary>A decode loop run one step at a time by the compute thread.</summary>
    internal interface IStepper
    {
        /// <summary>Does one step of work if there is any; false when idle.</summary>
        bool Step();
    }

    /// <summary>The process-wide thread every sampler uses unless it is given its own.</summary>
    public static LlamaComputeThread Shared => SharedThread.Value;

    public LlamaComputeThread(string name = "llama.cpp compute")
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The managed id of the thread (for checks that all compute runs on it).</summary>
    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <summary>True when the caller is the compute thread itself.</summary>
    public bool IsCurrent => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    internal void Add(IStepper stepper)
    {
        lock (_gate)
            _steppers = [.. _steppers, stepper];
        Wake();
    }

    internal void Remove(IStepper stepper)
    {
        lock (_gate)
            _steppers = _steppers.Where(s => s != stepper).ToArray();
    }

    /// <summary>Makes the thread look for work (a job submitted, a job cancelled).</summary>
    internal void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Runs <paramref name="work"/> on the compute thread between decode steps and waits for it (runs it inline when called from that thread).</summary>
    public T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (IsCurrent)
            return work();
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _work.Enqueue((() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }, e => done.TrySetException(e)));
        }
        Wake();
        return done.Task.GetAwaiter().GetResult();
    }

    private void Loop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            bool worked = false;
            (Action Run, Action<Exception> Fail) item;
            bool hasWork;
            lock (_gate)
                hasWork = _work.TryDequeue(out item);
            if (hasWork)
            {
                item.Run();
                worked = true;
            }
            foreach (var stepper in _steppers)
                worked |= stepper.Step();
            if (worked)
                continue;
            try
            {
                _wake.Wait(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (_gate)
        {
            while (_work.TryDequeue(out var item))
                item.Fail(new ObjectDisposedException(nameof(LlamaComputeThread), "The compute thread was stopped."));
        }
    }

    /// <summary>Stops the thread after its current step; the samplers that use it must be disposed first. <see cref="Shared"/> is never stopped.</summary>
    public void Dispose()
    {
        if ((SharedThread.IsValueCreated && ReferenceEquals(this, SharedThread.Value)) || _stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        if (!IsCurrent)
            _thread.Join();
        _stopping.Dispose();
        _wake.Dispose();
    }
}
