using MathCritique.Processes;

namespace MathCritique.Models;

/// <summary>How <see cref="CommandCheckpointHost"/> starts a server for a checkpoint and waits for it.</summary>
public sealed record CommandCheckpointHostOptions
{
    /// <summary>The placeholders <see cref="Command"/> may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["checkpoint", "port", "name", "host"];

    /// <summary>
    /// The server command (<see cref="CommandTemplate"/>): <c>{checkpoint}</c> the checkpoint to serve, <c>{port}</c> a
    /// free TCP port picked for it, <c>{name}</c> the model name to serve it under (<see cref="ServedModelName"/>),
    /// <c>{host}</c> 127.0.0.1. The server must answer <c>GET /v1/models</c> on that port and serve the model as
    /// <c>{name}</c>, e.g. <c>vllm serve {checkpoint} --host {host} --port {port} --served-model-name {name}</c>.
    /// </summary>
    public required string Command { get; init; }

    /// <summary>The model name the address asks for (<c>http://127.0.0.1:{port}/v1#{name}</c>).</summary>
    public string ServedModelName { get; init; } = "actor";

    /// <summary>Settings appended to the address (<see cref="ModelSettings"/>, e.g. <c>concurrency=64&amp;n=true</c>); empty: none.</summary>
    public string AddressSettings { get; init; } = "";

    /// <summary>How long loading may take before the server must answer (a large model loads for minutes).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>After SIGTERM, how long the server may take to exit before its process tree is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Environment variables for the server (e.g. <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the server runs; null: the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Where the server's output goes (<c>serve-{port}.log</c>); null: beside the checkpoint.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Environment variable holding the API key the server wants (sent when probing it); null or unset: none.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    public void Validate()
    {
        CommandTemplate.Parse(Command, Placeholders.ToArray());
        if (string.IsNullOrWhiteSpace(ServedModelName) || ServedModelName.IndexOfAny(['#', '?', '&', ' ']) >= 0)
            throw new ArgumentException($"ServedModelName '{ServedModelName}' must be a non-empty name without '#', '?', '&' or spaces.", nameof(ServedModelName));
        if (StartTimeout <= TimeSpan.Zero || StopGracePeriod < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), "StartTimeout must be positive and StopGracePeriod not negative.");
        if (AddressSettings.Length > 0)
            ModelSettings.Parse(AddressSettings, AddressSettings);
    }
}
