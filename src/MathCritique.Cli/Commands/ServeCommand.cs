using System.CommandLine;
using System.Net;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Models;
using MathCritique.Serving;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique serve</c>: an OpenAI-compatible server over in-process GGUF models.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "Model to serve: a GGUF path (named after the file), a server address http(s)://host:port/v1#model (named after the model: serve fronts it), a profile name, or NAME=ADDRESS; repeatable. Default: the shipped lab actor and critic.",
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

        var command = new Command("serve", "Serve models (in-process GGUFs or other servers) over an OpenAI-compatible HTTP API (/v1/chat/completions, /v1/completions, /v1/models).")
        {
            models, host, port, apiKeyEnv, context, parallel, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
                throw new ArgumentException($"--host: '{parse.GetValue(host)}' is not an IP address.");
            var engine = EngineFlags.Batched(parse, parse.GetValue(context), parse.GetValue(parallel), parse.GetValue(threads));
            var key = Environment.GetEnvironmentVariable(parse.GetValue(apiKeyEnv)!);
            var options = new ServerOptions { Address = address, Port = parse.GetValue(port), ApiKey = string.IsNullOrEmpty(key) ? null : key };
            options.Validate();

            var specs = parse.GetValue(models) is { Length: > 0 } given ? given : [ShippedModels.Actor, ShippedModels.WholeCritic];
            var named = specs.Select(ParseModel).ToArray();
            if (named.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new ArgumentException($"--model: two models are named '{twice.Key}'; use NAME=ADDRESS.");
            var opener = await CommandModels.OpenerAsync(parse, engine, cancellationToken);
            await ModelServer.ServeAsync(opener, named, options, (server, names) =>
            {
                Console.WriteLine($"serving {string.Join(", ", names)} at {server.BaseUrl}{(options.ApiKey is null ? "" : " (API key required)")}; Ctrl+C stops");
                Console.WriteLine($"e.g. mathcritique eval --actor {server.BaseUrl}#{names[0]}");
            }, cancellationToken);
            Console.WriteLine("stopping");
            return 0;
        });
        return command;
    }

    /// <summary>"NAME=ADDRESS", or an ADDRESS named after its file (without extension) or its served model.</summary>
    internal static (string Name, string Address) ParseModel(string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq > 0 && !spec[..eq].Contains(System.IO.Path.DirectorySeparatorChar) && !spec[..eq].Contains('/') && !spec[..eq].Contains('?'))
            return (spec[..eq], spec[(eq + 1)..]);
        var address = ModelAddress.Parse(spec);
        return (address.ModelName ?? System.IO.Path.GetFileNameWithoutExtension(address.Location), spec);
    }
}
