using System.Diagnostics;
using System.Reflection;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Processes;
using MathCritique.Sampling;

namespace MathCritique.Tests.Models;

/// <summary>
/// <see cref="CommandCheckpointHost"/> with <c>mathcritique serve</c> as the launched server: it starts the real CLI on
/// a lab GGUF, waits for <c>/v1/models</c>, samples through the address it returns (what the in-process engine gives
/// on the same model), and stops the server on dispose; a server that exits, never answers or serves another name
/// ends in one line naming the command and its log.
/// </summary>
public sealed class CommandCheckpointHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-checkpoint-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Cli = Assembly.Load("MathCritique.Cli").Location;

    // serve's batched engine with these flags, as the in-process comparison opens it.
    private const int Context = 4096, Parallel = 4, Threads = 2;

    private static string Serve(string name = "{name}") =>
        $"dotnet '{Cli}' serve --model {name}={{checkpoint}} --host {{host}} --port {{port}} --context {Context} --parallel {Parallel} --threads {Threads}";

    private CommandCheckpointHostOptions Options(string command, TimeSpan? timeout = null) => new()
    {
        Command = command,
        LogDirectory = _dir,
        StartTimeout = timeout ?? TimeSpan.FromMinutes(2),
        StopGracePeriod = TimeSpan.FromSeconds(10),
    };

    // The lab actor the CLI ships next to itself (models/ beside the dll).
    private static string LabActor => Path.Combine(Path.GetDirectoryName(Cli)!, "models", "lab-actor.gguf");

    [Fact]
    public async Task Hosts_a_lab_checkpoint_with_mathcritique_serve_samples_through_it_and_stops_it()
    {
        var checkpoint = LabActor;
        var request = SamplingRequest.FromUser("What is 14 + 29?", n: 2, new SamplingOptions { Temperature = 0.7f, MaxTokens = 48 }, seed: 5);
        string address;
        IReadOnlyList<SamplingResult> served;

        // n=true: one request with n and the caller's seed, so the server samples exactly what the engine samples in-process.
        await using (var hosted = await new CommandCheckpointHost(Options(Serve()) with { AddressSettings = "n=true" }).HostAsync(checkpoint))
        {
            address = hosted.Address;
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1#actor\?n=true$", address);
            using var remote = await new ModelOpener([new RemoteModelProvider()]).OpenAsync(address);
            served = await remote.Sampler.SampleAsync([request]);
        }

        var engine = new LlamaEngineOptions { ContextSize = Context, MaxParallelSequences = Parallel, Threads = Threads, BatchThreads = Threads };
        using (var local = await new ModelOpener([new GgufModelProvider(engine with { BatchSize = Math.Max(engine.BatchSize, Parallel) })]).OpenAsync(checkpoint))
        {
            var expected = await local.Sampler.SampleAsync([request]);
            Assert.Equal(expected[0].Completions.Select(c => c.Text), served[0].Completions.Select(c => c.Text));
        }
        Assert.All(served[0].Completions, c => Assert.True(c.GeneratedTokens > 0));

        // Stopped: nothing answers there any more, and its output stayed in the log.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(address[..address.IndexOf('#')] + "/models"));
        var log = Assert.Single(Directory.GetFiles(_dir, "serve-*.log"));
        Assert.Contains("serving actor at http://127.0.0.1:", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_exits_first_is_one_line_with_its_last_output()
    {
        var host = new CommandCheckpointHost(Options("sh -c 'echo cannot load $0 >&2; exit 4' {checkpoint}"));

        var e = await Assert.ThrowsAsync<ExternalCommandException>(() => host.HostAsync(Path.Combine(_dir, "missing-model")));

        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("exited with code 4 before answering http://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot load {Path.Combine(_dir, "missing-model")}", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, "serve-"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_stopped_after_the_timeout()
    {
        var pidFile = Path.Combine(_dir, "server.pid");
        var host = new CommandCheckpointHost(Options($"sh -c 'echo $$ > {pidFile}; echo loading forever; exec sleep 300' {{port}}", TimeSpan.FromSeconds(2)));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ExternalCommandException>(() => host.HostAsync(LabActor));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("did not answer http://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("within 2 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("loading forever", e.Message, StringComparison.Ordinal);
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"server {pid} still runs");
    }

    [Fact]
    public async Task A_server_serving_another_name_is_refused_at_once()
    {
        var host = new CommandCheckpointHost(Options(Serve(name: "other")));

        var e = await Assert.ThrowsAsync<ExternalCommandException>(() => host.HostAsync(LabActor));

        Assert.Contains("serves 'other' at http://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("but not 'actor' (does it pass {name} as the served model name?)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_command_template_is_refused_when_the_host_is_made()
    {
        var unknown = Assert.Throws<ArgumentException>(() => new CommandCheckpointHost(Options("vllm serve {model} --port {port}")));
        Assert.Contains("unknown placeholder {model} (known: {checkpoint}, {port}, {name}, {host})", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CommandCheckpointHost(Options("vllm serve '{checkpoint}")));
    }
}
