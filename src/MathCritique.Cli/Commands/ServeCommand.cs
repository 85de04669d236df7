using System.CommandLine;
using System.Net;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Serving;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique serve</c>: an OpenAI-compatible server over in-process GGUF models.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "GGUF model to serve, as PATH (named after the file) or NAME=PATH; repeatable. Default: the shipped lab actor and critic.",
        };
        var host = new Option<string>("--host") { Description = "Address to bind (loopback by default; 0.0.0.0 opens it to the network).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var apiKeyEnv = new Option<string>("--api-key-env")
        {
            Description = "Environment variable holding the API key clients must send; no key is required when it is unset or empty.",
            DefaultValueFactory = _ => "MATHCRITIQUE_API_KEY",
        };
        var context = new Option<int>("--context") { Description = "KV-cache cells per model, shared by all its sequences.", DefaultValueFactory = _ => 16384 };
        var parallel = new Option<int>("--parallel") { Description = "Sequences per model decoded together (the continuous batch).", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "CPU threads of a decode; all models decode on one thread in turn (default: every core up to 4).", DefaultValueFactory = _ => new LlamaEngineOptions().Threads };

        var command = new Command("serve", "Serve GGUF models over an OpenAI-compatible HTTP API (/v1/chat/completions, /v1/completions, /v1/models).")
        {
            models, host, port, apiKeyEnv, context, parallel, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
                throw new ArgumentException($"--host: '{parse.GetValue(host)}' is not an IP address.");
            var engine = new LlamaEngineOptions
            {
                ContextSize = parse.GetValue(context),
                MaxParallelSequences = parse.GetValue(parallel),
                Threads = parse.GetValue(threads),
                BatchThreads = parse.GetValue(threads),
                FlashAttention = EngineFlags.FlashAttentionOf(parse),
            };
            engine = engine with { BatchSize = Math.Max(engine.BatchSize, engine.MaxParallelSequences) };
            engine.Validate();
            var key = Environment.GetEnvironmentVariable(parse.GetValue(apiKeyEnv)!);
            var options = new ServerOptions { Address = address, Port = parse.GetValue(port), ApiKey = string.IsNullOrEmpty(key) ? null : key };
            options.Validate();

            var specs = parse.GetValue(models) is { Length: > 0 } given ? given : [ShippedModels.Actor, ShippedModels.WholeCritic];
            var loaded = new Dictionary<string, LlamaSampler>(StringComparer.Ordinal);
            NativeLogging.Suppress();
            try
            {
                foreach (var spec in specs)
                {
                    var (name, path) = ParseModel(spec);
                    path = ShippedModels.Resolve(path);
                    if (loaded.ContainsKey(name))
                        throw new ArgumentException($"--model: two models are named '{name}'; use NAME=PATH.");
                    if (!File.Exists(path))
                        throw new MathCritique.Models.ModelNotFoundException(path);
                    loaded[name] = await LlamaSampler.LoadAsync(path, engine, cancellationToken);
                }
                await using var server = await OpenAiServer.StartAsync(loaded.ToDictionary(m => m.Key, m => (ISampler)m.Value, StringComparer.Ordinal), options, cancellationToken);
                Console.WriteLine($"serving {string.Join(", ", loaded.Keys)} at {server.BaseUrl}{(options.ApiKey is null ? "" : " (API key required)")}; Ctrl+C stops");
                Console.WriteLine($"e.g. mathcritique eval --actor {server.BaseUrl}#{loaded.Keys.First()}");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Console.WriteLine("stopping");
                }
            }
            finally
            {
                foreach (var sampler in loaded.Values)
                    sampler.Dispose();
            }
            return 0;
        });
        return command;
    }

    /// <summary>"NAME=PATH", or "PATH" named after the file without its extension.</summary>
    internal static (string Name, string Path) ParseModel(string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq > 0 && !spec[..eq].Contains(System.IO.Path.DirectorySeparatorChar) && !spec[..eq].Contains('/'))
            return (spec[..eq], spec[(eq + 1)..]);
        return (System.IO.Path.GetFileNameWithoutExtension(spec), spec);
    }
}
