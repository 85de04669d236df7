using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Serving;

namespace MathCritique.Tests.Serving;

/// <summary>
/// What <c>mathcritique serve</c> runs (<see cref="ModelServer.ServeAsync"/>), on loopback, serving the shipped lab actor
/// and critic from models/ as <c>lab-actor</c> and <c>lab-critic</c>: a real OpenAI-compatible server standing in for
/// vLLM and the like. Addresses carry <c>cache=off</c> so that no test leaves a cache behind or reads one.
/// </summary>
internal sealed class LabModelsServed : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _serving;

    private LabModelsServed(string baseUrl, Task serving, CancellationTokenSource stop)
    {
        BaseUrl = baseUrl;
        _serving = serving;
        _stop = stop;
    }

    public string BaseUrl { get; }

    /// <summary>The address of a served model, with extra settings after <c>&amp;</c> (e.g. <c>prompts=lab</c>).</summary>
    public string Address(string model, string? settings = null) => $"{BaseUrl}#{model}?cache=off{(settings is null ? "" : "&" + settings)}";

    public static async Task<LabModelsServed> StartAsync()
    {
        NativeLogging.Suppress();
        var opener = new ModelOpener([new GgufModelProvider(new LlamaEngineOptions { ContextSize = 8192, MaxParallelSequences = 8, Threads = 2 })]);
        var stop = new CancellationTokenSource();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = ModelServer.ServeAsync(opener, [("lab-actor", ModelPath("lab-actor.gguf")), ("lab-critic", ModelPath("lab-critic.gguf"))],
            new ServerOptions { Port = 0 }, (server, _) => listening.SetResult(server.BaseUrl), stop.Token);
        // A server that fails to start ends `serving` with its error before it listens.
        await Task.WhenAny(listening.Task, serving).WaitAsync(TimeSpan.FromSeconds(120));
        if (serving.IsCompleted)
            await serving;
        var baseUrl = await listening.Task;
        return new LabModelsServed(baseUrl, serving, stop);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }

    public static string ModelPath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", file);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"models/{file} is not in the repository");
    }
}
