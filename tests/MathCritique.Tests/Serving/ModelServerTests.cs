using System.Reflection;
using System.Text.Json.Nodes;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Serving;

namespace MathCritique.Tests.Serving;

/// <summary><see cref="ModelServer"/> on a tiny random GGUF (real llama.cpp engine, real HTTP on loopback).</summary>
public sealed class ModelServerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-model-server-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TinyModel()
    {
        var path = Path.Combine(_dir, "tiny.gguf");
        int rc = (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null,
            [new[] { "model", "new", "--out", path, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "1024", "--seed", "4" }])!;
        Assert.Equal(0, rc);
        return path;
    }

    /// <summary>The real opener, remembering what it opened.</summary>
    private sealed class RecordingOpener(IModelOpener inner) : IModelOpener
    {
        public List<OpenedModel> Opened { get; } = [];

        public async Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken = default)
        {
            var model = await inner.OpenAsync(address, cancellationToken);
            Opened.Add(model);
            return model;
        }
    }

    private static RecordingOpener Opener() =>
        new(new ModelOpener([new GgufModelProvider(new LlamaEngineOptions { ContextSize = 2048, MaxParallelSequences = 2, Threads = 2 })]));

    [Fact]
    public async Task Serves_every_model_by_name_until_cancelled_then_stops_and_closes_them()
    {
        NativeLogging.Suppress();
        var model = TinyModel();
        var opener = Opener();
        using var cancel = new CancellationTokenSource();
        var listening = new TaskCompletionSource<(string BaseUrl, IReadOnlyList<string> Names)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = ModelServer.ServeAsync(opener, [("b", model), ("a", model)], new ServerOptions { Port = 0 },
            (server, names) => listening.SetResult((server.BaseUrl, names)), cancel.Token);

        var (baseUrl, names) = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(["b", "a"], names);
        using var http = new HttpClient();
        var listed = JsonNode.Parse(await http.GetStringAsync($"{baseUrl}/models"))!["data"]!.AsArray().Select(m => (string?)m!["id"]);
        Assert.Equal(["b", "a"], listed);

        await cancel.CancelAsync();
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync($"{baseUrl}/models"));
        Assert.Equal(2, opener.Opened.Count);
        Assert.All(opener.Opened, m => Assert.ThrowsAny<ObjectDisposedException>(() => m.Sampler.SampleAsync([], null, CancellationToken.None).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task Two_models_of_one_name_are_refused_and_what_was_opened_is_closed()
    {
        NativeLogging.Suppress();
        var model = TinyModel();
        var opener = Opener();
        await Assert.ThrowsAsync<ArgumentException>(() => ModelServer.ServeAsync(opener, [("m", model), ("m", model)], new ServerOptions { Port = 0 }));
        Assert.Single(opener.Opened);
    }
}
