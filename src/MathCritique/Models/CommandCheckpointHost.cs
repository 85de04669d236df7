using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using MathCritique.Processes;

namespace MathCritique.Models;

/// <summary>
/// Hosts a checkpoint by starting a user-configured OpenAI-compatible server for it (vLLM, SGLang, <c>mathcritique
/// serve</c>) on a free loopback port, waiting until <c>GET /v1/models</c> answers with the served name, and returning
/// <c>http://127.0.0.1:{port}/v1#{name}</c>; disposing the <see cref="HostedCheckpoint"/> stops the server (SIGTERM,
/// then its process tree is killed after <see cref="CommandCheckpointHostOptions.StopGracePeriod"/>).
/// </summary>
public sealed class CommandCheckpointHost : ICheckpointHost
{
    private const string Host = "127.0.0.1";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private readonly CommandCheckpointHostOptions _options;
    private readonly CommandTemplate _command;

    public CommandCheckpointHost(CommandCheckpointHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _command = CommandTemplate.Parse(options.Command, CommandCheckpointHostOptions.Placeholders.ToArray());
    }

    public async Task<HostedCheckpoint> HostAsync(string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint));
        int port = FreePort();
        var logDirectory = _options.LogDirectory ?? Path.GetDirectoryName(path)!;
        var log = Path.Combine(logDirectory, string.Create(CultureInfo.InvariantCulture, $"serve-{port}.log"));
        var arguments = _command.Expand(new Dictionary<string, string>
        {
            ["checkpoint"] = path,
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["name"] = _options.ServedModelName,
            ["host"] = Host,
        });
        var server = ExternalProcess.Start(arguments, log, _options.WorkingDirectory, _options.Environment);
        var root = string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{port}/v1");
        try
        {
            await WaitUntilServingAsync(server, root, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.StopAsync(_options.StopGracePeriod).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var settings = _options.AddressSettings.Length > 0 ? "?" + _options.AddressSettings : "";
        return new HostedCheckpoint($"{root}#{_options.ServedModelName}{settings}", async () =>
        {
            await server.StopAsync(_options.StopGracePeriod).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
        });
    }

    private async Task WaitUntilServingAsync(ExternalProcess server, string root, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = ProbeTimeout };
        if (_options.ApiKeyEnvironmentVariable is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (server.HasExited)
                throw new ExternalCommandException($"The server command '{server.Command}' exited with code {server.ExitCode} before answering {root}/models; its output is in {server.LogPath} (last lines: {server.Tail()}).");
            if (await ServedModelsAsync(http, root, cancellationToken).ConfigureAwait(false) is { } served)
            {
                // A server lists what it serves once it is up: a list without the name will not change.
                if (served.Contains(_options.ServedModelName))
                    return;
                throw new ExternalCommandException($"The server command '{server.Command}' serves {string.Join(", ", served.Select(s => $"'{s}'"))} at {root}/models but not '{_options.ServedModelName}' (does it pass {{name}} as the served model name?); its output is in {server.LogPath}.");
            }
            if (DateTime.UtcNow >= deadline)
                throw new ExternalCommandException(string.Create(CultureInfo.InvariantCulture,
                    $"The server command '{server.Command}' did not answer {root}/models within {_options.StartTimeout.TotalSeconds:0.#} s; its output is in {server.LogPath} (last lines: {server.Tail()})."));
            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The model ids a <c>/v1/models</c> answer lists, or null while the server does not answer with a list.</summary>
    private static async Task<HashSet<string>?> ServedModelsAsync(HttpClient http, string root, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(root + "/models", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                return null;
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                ? data.EnumerateArray().Where(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String).Select(m => m.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null; // not listening yet, still loading, or a probe that timed out
        }
    }

    // The OS hands out a free port; it is released for the server to bind (another process could take it between, rarely).
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
