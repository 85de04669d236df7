using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MathCritique.Sampling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MathCritique.Serving;

/// <summary>Where and how <see cref="OpenAiServer"/> listens.</summary>
public sealed record ServerOptions
{
    /// <summary>Interface to bind; loopback unless the user opens it up on purpose.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>TCP port; 0 picks a free one (see <see cref="OpenAiServer.BaseUrl"/>).</summary>
    public int Port { get; init; } = 8080;
    /// <summary>When set, every request must carry <c>Authorization: Bearer</c> this key.</summary>
    public string? ApiKey { get; init; }

    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "must be in 0..65535");
        if (ApiKey is { Length: 0 })
            throw new ArgumentException("ApiKey must be null (no key) or non-empty.", nameof(ApiKey));
    }
}

/// <summary>
/// An OpenAI-compatible HTTP server over any samplers: <c>/v1/models</c>, <c>/v1/chat/completions</c> and
/// <c>/v1/completions</c> (a <see cref="SamplingRequest.RawPrompt"/> request), streaming (SSE) or not, with <c>n</c>, seed,
/// stop and usage. A sampler that is an <see cref="IStreamingSampler"/> streams text as it is generated (the in-process
/// engine, whose concurrent requests join one continuous batch); any other streams each completion in one piece
/// (<see cref="SamplerExtensions.AsStreamingSampler"/>). The server does not own the samplers.
/// </summary>
public sealed class OpenAiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, ISampler> _models;
    private readonly ServerOptions _options;

    private OpenAiServer(WebApplication app, IReadOnlyDictionary<string, ISampler> models, ServerOptions options)
    {
        _app = app;
        _models = models;
        _options = options;
    }

    /// <summary>The <c>http://host:port/v1</c> clients use, once started.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<OpenAiServer> StartAsync(IReadOnlyDictionary<string, ISampler> models, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (models.Count == 0)
            throw new ArgumentException("Serve at least one model.", nameof(models));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Address, options.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new OpenAiServer(app, models, options);
        app.Use(server.AuthorizeAsync);
        app.MapGet("/v1/models", server.ListModels);
        app.MapGet("/v1/models/{id}", (string id) => server.GetModel(id));
        app.MapPost("/v1/chat/completions", (HttpContext http) => server.CompleteAsync(http, chat: true));
        app.MapPost("/v1/completions", (HttpContext http) => server.CompleteAsync(http, chat: false));
        app.MapGet("/health", () => Results.Text("ok"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task AuthorizeAsync(HttpContext http, RequestDelegate next)
    {
        if (_options.ApiKey is { } key && http.Request.Path.StartsWithSegments("/v1"))
        {
            string header = http.Request.Headers.Authorization.ToString();
            bool ok = header.StartsWith("Bearer ", StringComparison.Ordinal)
                && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), Encoding.UTF8.GetBytes(key));
            if (!ok)
            {
                await WriteErrorAsync(http, 401, "Incorrect or missing API key (send Authorization: Bearer <key>).", "invalid_request_error", code: "invalid_api_key").ConfigureAwait(false);
                return;
            }
        }
        await next(http).ConfigureAwait(false);
    }

    private IResult ListModels() =>
        Results.Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(_models.Keys.Select(id => (JsonNode)ModelCard(id)).ToArray()) }, Compact);

    private IResult GetModel(string id) => _models.ContainsKey(id)
        ? Results.Json(ModelCard(id), Compact)
        : Results.Json(NoSuchModel(id), Compact, statusCode: 404);

    private static JsonObject ModelCard(string id) => new() { ["id"] = id, ["object"] = "model", ["created"] = 0, ["owned_by"] = "mathcritique" };

    private static JsonObject NoSuchModel(string id) =>
        OpenAiResponses.Error($"The model '{id}' does not exist.", "invalid_request_error", "model", "model_not_found");

    private async Task CompleteAsync(HttpContext http, bool chat)
    {
        var aborted = http.RequestAborted;
        ParsedCompletionCall call;
        ISampler sampler;
        try
        {
            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: aborted).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new OpenAiRequestException($"The body is not valid JSON: {e.Message}");
            }
            call = chat ? OpenAiRequestParser.ParseChat(body) : OpenAiRequestParser.ParseCompletion(body);
            if (!_models.TryGetValue(call.Model, out sampler!))
                throw new OpenAiRequestException($"The model '{call.Model}' does not exist; this server has {string.Join(", ", _models.Keys)}.", "model", 404, "model_not_found");
        }
        catch (OpenAiRequestException e)
        {
            await WriteErrorAsync(http, e.Status, e.Message, "invalid_request_error", e.Param, e.Code).ConfigureAwait(false);
            return;
        }

        var responses = new OpenAiResponses(call.Model, chat);
        try
        {
            if (call.Stream)
                await StreamAsync(http, sampler.AsStreamingSampler(), call, responses, chat, aborted).ConfigureAwait(false);
            else
            {
                var results = await sampler.SampleAsync(call.Requests, null, aborted).ConfigureAwait(false);
                await WriteJsonAsync(http, 200, responses.Complete(results)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; its samples have left the batch.
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException && !http.Response.HasStarted)
        {
            // The engine refused the request (e.g. a prompt longer than the context, a raw prompt to a chat-only client).
            await WriteErrorAsync(http, 400, e.Message, "invalid_request_error").ConfigureAwait(false);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            await WriteErrorAsync(http, 500, $"The engine failed: {e.Message}", "server_error").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Server-sent events: text chunks as the sampler streams them, then each choice's finish chunk, the usage chunk when
    /// asked for, and <c>[DONE]</c>. Each prompt streams on its own task into one queue; this request's thread writes.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, IStreamingSampler sampler, ParsedCompletionCall call, OpenAiResponses responses, bool chat, CancellationToken aborted)
    {
        int n = call.Requests[0].N;
        var pieces = Channel.CreateUnbounded<(int Choice, string Text)>();
        var completions = call.Requests.Select(r => new Completion[r.N]).ToArray();
        var streams = call.Requests.Select(async (request, p) =>
        {
            await foreach (var update in sampler.StreamAsync(request, aborted).ConfigureAwait(false))
            {
                if (update.Completion is { } completion)
                    completions[p][completion.SampleIndex] = completion;
                else
                    pieces.Writer.TryWrite((p * n + update.SampleIndex, update.Text));
            }
        }).ToArray();
        var sampling = Task.WhenAll(streams);
        _ = sampling.ContinueWith(_ => pieces.Writer.TryComplete(), TaskScheduler.Default);

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        if (chat)
        {
            // The role first, for every choice, as OpenAI does.
            for (int choice = 0; choice < call.Requests.Count * n; choice++)
                await WriteEventAsync(http, responses.TextChunk(choice, "", first: true), aborted, flush: false).ConfigureAwait(false);
        }
        await http.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        await foreach (var (choice, text) in pieces.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
            await WriteEventAsync(http, responses.TextChunk(choice, text), aborted, flush: pieces.Reader.Count == 0).ConfigureAwait(false);

        IReadOnlyList<SamplingResult> results;
        try
        {
            await sampling.ConfigureAwait(false);
            results = call.Requests.Select((r, p) => new SamplingResult(r, completions[p])).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Headers are gone; report in-band as OpenAI does, then end the stream.
            await WriteEventAsync(http, OpenAiResponses.Error($"The engine failed: {e.Message}", "server_error"), aborted).ConfigureAwait(false);
            return;
        }
        int index = 0;
        foreach (var result in results)
        {
            foreach (var completion in result.Completions)
                await WriteEventAsync(http, responses.FinishChunk(index++, completion), aborted, flush: false).ConfigureAwait(false);
        }
        if (call.IncludeUsage)
            await WriteEventAsync(http, responses.UsageChunk(results), aborted, flush: false).ConfigureAwait(false);
        await http.Response.WriteAsync("data: [DONE]\n\n", aborted).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext http, JsonObject chunk, CancellationToken cancellationToken, bool flush = true)
    {
        await http.Response.WriteAsync("data: " + chunk.ToJsonString(Compact) + "\n\n", cancellationToken).ConfigureAwait(false);
        if (flush)
            await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteJsonAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(Compact));
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string message, string type, string? param = null, string? code = null) =>
        WriteJsonAsync(http, status, OpenAiResponses.Error(message, type, param, code));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
