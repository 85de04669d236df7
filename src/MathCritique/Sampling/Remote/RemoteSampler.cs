using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MathCritique.Sampling.Remote;

/// <summary>
/// Samples from an OpenAI-compatible HTTP server: one attempt per HTTP request, with a per-attempt timeout, each failure
/// classified as transient or not (<see cref="RemoteSamplerException"/>). Each of a request's N samples is its own
/// request with seed <see cref="SamplingRequest.SeedFor"/>(i), so results do not depend on batching (or, with
/// <see cref="RemoteSamplerOptions.UseNParameter"/>, one request with <c>n</c>). Retries, the disk cache and the limit
/// on requests in flight are middleware: <see cref="CreatePipeline"/> puts them around it as the options say.
/// An <see cref="SamplingRequest.AssistantPrefix"/> on the chat endpoint is sent as a final assistant message
/// with vLLM's <c>continue_final_message</c>; servers without that option will not continue the prefix.
/// A <see cref="SamplingRequest.RawPrompt"/> request goes to <c>/completions</c> whatever the endpoint setting.
/// </summary>
public sealed class RemoteSampler : IStreamingSampler, IDisposable
{
    private readonly RemoteSamplerOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _chatEndpoint;
    private readonly Uri _completionsEndpoint;

    public RemoteSampler(RemoteSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _chatEndpoint = new Uri(options.BaseUrl.TrimEnd('/') + "/chat/completions");
        _completionsEndpoint = new Uri(options.BaseUrl.TrimEnd('/') + "/completions");
        // Per-attempt timeouts are ours (RequestTimeout), so that each is classified as transient.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.MaxConcurrency })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// A <see cref="RemoteSampler"/> inside the middleware its options ask for, from the caller inwards: the disk cache
    /// (when <see cref="RemoteSamplerOptions.CacheDirectory"/> is set), at most <see cref="RemoteSamplerOptions.MaxConcurrency"/>
    /// requests in flight, <see cref="RemoteSamplerOptions.MaxRetries"/> retries of each — one sample each, or one request
    /// each with <see cref="RemoteSamplerOptions.UseNParameter"/> — and logging when a logger is given. Disposing it closes
    /// the connections.
    /// </summary>
    public static DelegatingSampler CreatePipeline(RemoteSamplerOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var remote = new RemoteSampler(options);
        var builder = new SamplerBuilder(remote, options.UseNParameter ? SamplingUnit.Request : SamplingUnit.Sample)
            .UseRetry(new RetryOptions { MaxRetries = options.MaxRetries, BaseDelay = options.RetryBaseDelay })
            .UseConcurrencyLimit(options.MaxConcurrency);
        if (options.CacheDirectory is { } directory)
            builder.UseDiskCache(directory);
        if (logger is not null)
            builder.UseLogging(logger);
        return new RequestCheck(builder.Build());
    }

    public string ModelId => $"{_options.Model}@{_options.BaseUrl}";

    public async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        EnsureSendable(requests);
        var call = new CallParts(requests, progress);
        // One task per request: its N samples as N requests (each with its own seed), or as one request with n.
        var perRequest = requests.Select(request => (Func<CancellationToken, Task<Completion[]>>)(async token =>
        {
            var completions = _options.UseNParameter
                ? await SampleAllAsync(request, token).ConfigureAwait(false)
                : await CallParts.WhenAllAsync(Enumerable.Range(0, request.N).Select(i => (Func<CancellationToken, Task<Completion>>)(async sampleToken =>
                {
                    var completion = await SampleOneAsync(request, i, sampleToken).ConfigureAwait(false);
                    call.Add([completion]);
                    return completion;
                })), token).ConfigureAwait(false);
            if (_options.UseNParameter)
                call.Add(completions);
            return completions;
        }));
        var results = await CallParts.WhenAllAsync(perRequest, cancellationToken).ConfigureAwait(false);
        return requests.Select((r, k) => new SamplingResult(r, results[k])).ToArray();
    }

    /// <summary>Refuses, before anything is sent, a call with a request no server can take.</summary>
    private static void EnsureSendable(IReadOnlyList<SamplingRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            requests[r].Validate();
            if (requests[r].Options.Tool is { } tool)
                throw new NotSupportedException($"Request {r}: an inline tool ({tool.GetType().Name}) writes into a completion token by token, which a remote server cannot do; use a GGUF model (the in-process engine).");
        }
    }

    /// <summary>The outermost piece of <see cref="CreatePipeline"/>: the whole call is checked before the middleware splits it.</summary>
    private sealed class RequestCheck(ISampler inner) : DelegatingSampler(inner)
    {
        public override Task<IReadOnlyList<SamplingResult>> SampleAsync(
            IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            EnsureSendable(requests);
            return base.SampleAsync(requests, progress, cancellationToken);
        }

        public override IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, CancellationToken cancellationToken = default)
        {
            EnsureSendable([request]);
            return base.StreamAsync(request, cancellationToken);
        }
    }

    /// <summary>All N samples of a request in one call with <c>n</c> and the request's own seed.</summary>
    private async Task<Completion[]> SampleAllAsync(SamplingRequest request, CancellationToken cancellationToken)
    {
        var body = BuildBody(request, 0);
        body["n"] = request.N;
        body["seed"] = WireSeed(request.Seed);
        var endpoint = EndpointOf(request);
        string response = await PostAsync(endpoint, body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return ParseCompletions(endpoint, response, request);
    }

    private async Task<Completion> SampleOneAsync(SamplingRequest request, int index, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(request);
        string response = await PostAsync(endpoint, BuildBody(request, index).ToJsonString(), cancellationToken).ConfigureAwait(false);
        return ParseCompletion(endpoint, response, request, index);
    }

    private bool UsesChat(SamplingRequest request) => _options.UseChatEndpoint && !request.RawPrompt;

    private Uri EndpointOf(SamplingRequest request) => UsesChat(request) ? _chatEndpoint : _completionsEndpoint;

    private JsonObject BuildBody(SamplingRequest request, int index)
    {
        var o = request.Options;
        var body = new JsonObject { ["model"] = _options.Model };
        if (UsesChat(request))
        {
            var messages = new JsonArray();
            foreach (var m in request.Messages)
                messages.Add(new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text });
            if (request.AssistantPrefix is { } prefix)
            {
                messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = prefix });
                body["continue_final_message"] = true;
                body["add_generation_prompt"] = false;
            }
            body["messages"] = messages;
        }
        else if (request.RawPrompt)
        {
            body["prompt"] = string.Concat(request.Messages.Select(m => m.Text)) + request.AssistantPrefix;
        }
        else
        {
            // No chat template here: message texts separated by blank lines, then the prefix.
            body["prompt"] = string.Join("\n\n", request.Messages.Select(m => m.Text))
                + (request.AssistantPrefix is { } prefix ? "\n\n" + prefix : "");
        }
        body["temperature"] = o.Temperature;
        body["top_p"] = o.TopP;
        body["max_tokens"] = o.MaxTokens;
        if (o.Stop.Count > 0)
            body["stop"] = new JsonArray(o.Stop.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        body["seed"] = WireSeed(request.SeedFor(index));
        // Not OpenAI fields, but vLLM and the llama.cpp server take them.
        if (o.TopK > 0)
            body["top_k"] = o.TopK;
        if (o.MinP > 0)
            body["min_p"] = o.MinP;
        return body;
    }

    /// <summary>The seed as sent: its low 63 bits, because vLLM takes a signed 64-bit seed.</summary>
    internal static long WireSeed(ulong seed) => (long)(seed & long.MaxValue);

    private Task<string> PostAsync(Uri endpoint, string bodyJson, CancellationToken cancellationToken) =>
        AttemptAsync(endpoint, bodyJson, (response, token) => response.Content.ReadAsStringAsync(token), cancellationToken);

    /// <summary>
    /// One attempt: POST, then <paramref name="read"/> the successful response within the attempt's time limit. A failure
    /// is a <see cref="RemoteSamplerException"/> that says whether it is worth retrying.
    /// </summary>
    private async Task<T> AttemptAsync<T>(Uri endpoint, string bodyJson, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        string? apiKey = Environment.GetEnvironmentVariable(_options.ApiKeyEnvironmentVariable);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(bodyJson, Encoding.UTF8, "application/json"),
            };
            if (!string.IsNullOrEmpty(apiKey))
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return await read(response, attemptTimeout.Token).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(attemptTimeout.Token).ConfigureAwait(false);
            bool transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            throw new RemoteSamplerException(endpoint, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}", transient, response.StatusCode, null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteSamplerException(endpoint, $"no answer within {_options.RequestTimeout}", true, null, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new RemoteSamplerException(endpoint, $"connection error: {e.Message}", true, null, e);
        }
    }

    /// <summary>
    /// Streams with <c>stream: true</c>: each sample as its own server-sent-event response (or, with
    /// <see cref="RemoteSamplerOptions.UseNParameter"/>, the request as one with <c>n</c>), text as it arrives, then each
    /// sample's finish with the usage the server reports. One failure ends the stream with it.
    /// </summary>
    public async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSendable([request]);
        var updates = Channel.CreateUnbounded<SamplingUpdate>();
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var streams = _options.UseNParameter
            ? new Func<CancellationToken, Task<bool>>[] { token => StreamOneAsync(request, null, updates.Writer, token) }
            : Enumerable.Range(0, request.N).Select(i => (Func<CancellationToken, Task<bool>>)(token => StreamOneAsync(request, i, updates.Writer, token)));
        var all = CallParts.WhenAllAsync(streams, stopped.Token);
        _ = all.ContinueWith(t => updates.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return update;
        }
        finally
        {
            if (!all.IsCompleted)
            {
                await stopped.CancelAsync().ConfigureAwait(false);
                try
                {
                    await all.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or RemoteSamplerException)
                {
                    // Expected: we stopped it.
                }
            }
        }
    }

    /// <summary>One streamed response: sample <paramref name="index"/>, or with a null index all N samples by their choice index.</summary>
    private async Task<bool> StreamOneAsync(SamplingRequest request, int? index, ChannelWriter<SamplingUpdate> updates, CancellationToken cancellationToken)
    {
        var body = BuildBody(request, index ?? 0);
        if (index is null)
        {
            body["n"] = request.N;
            body["seed"] = WireSeed(request.Seed);
        }
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        var endpoint = EndpointOf(request);
        int count = index is null ? request.N : 1;
        var completions = await AttemptAsync(endpoint, body.ToJsonString(), async (response, token) =>
        {
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                // A server that does not stream answers with whole completions: each is one piece.
                string json = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                var whole = index is { } sample ? [ParseCompletion(endpoint, json, request, sample)] : ParseCompletions(endpoint, json, request);
                foreach (var completion in whole.Where(c => c.Text.Length > 0))
                    updates.TryWrite(new SamplingUpdate(completion.SampleIndex, completion.Text));
                return whole;
            }
            var texts = Enumerable.Range(0, count).Select(_ => new StringBuilder()).ToArray();
            var finishes = new JsonObject?[count];
            JsonNode? usage = null;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), Encoding.UTF8);
            while (await reader.ReadLineAsync(token).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                    continue;
                string data = line[5..].Trim();
                if (data == "[DONE]")
                    break;
                usage = Parse(endpoint, data, chunk =>
                {
                    foreach (var choice in chunk["choices"] as JsonArray ?? [])
                    {
                        int i = choice?["index"]?.GetValue<int>() ?? 0;
                        if (i < 0 || i >= count)
                            throw new JsonException($"choice index {i} is out of range");
                        string? delta = UsesChat(request) ? choice!["delta"]?["content"]?.GetValue<string>() : choice!["text"]?.GetValue<string>();
                        if (delta is { Length: > 0 })
                        {
                            texts[i].Append(delta);
                            updates.TryWrite(new SamplingUpdate(index ?? i, delta));
                        }
                        if (choice["finish_reason"] is JsonValue finish)
                            finishes[i] = new JsonObject { ["finish_reason"] = finish.DeepClone(), ["stop_reason"] = choice["stop_reason"]?.DeepClone() };
                    }
                    return chunk["usage"] as JsonObject ?? usage; // the last chunk, with stream_options.include_usage
                });
            }
            var text = texts.Select(t => t.ToString()).ToArray();
            var shares = ShareTokens(text, usage?["completion_tokens"]?.GetValue<int>() ?? 0);
            int promptTokens = usage?["prompt_tokens"]?.GetValue<int>() ?? 0;
            return text.Select((t, i) => Choice(finishes[i] ?? new JsonObject(), t, request, index ?? i, promptTokens, shares[i])).ToArray();
        }, cancellationToken).ConfigureAwait(false);
        foreach (var completion in completions)
            updates.TryWrite(SamplingUpdate.Finished(completion));
        return true;
    }

    /// <summary>Completion tokens reported for several choices together, credited to each in proportion to its text length (sums stay exact).</summary>
    private static int[] ShareTokens(string[] texts, int totalTokens)
    {
        long chars = Math.Max(1, texts.Sum(t => (long)t.Length));
        var shares = texts.Select(t => (int)(totalTokens * (long)t.Length / chars)).ToArray();
        shares[^1] += totalTokens - shares.Sum(); // rounding remainder
        return shares;
    }

    private Completion ParseCompletion(Uri endpoint, string json, SamplingRequest request, int index) => Parse<Completion[]>(endpoint, json, root =>
    {
        var choice = root["choices"]?[0] ?? throw new JsonException("no choices[0]");
        var usage = root["usage"];
        return [Choice(choice, TextOf(request, choice), request, index, usage?["prompt_tokens"]?.GetValue<int>() ?? 0, usage?["completion_tokens"]?.GetValue<int>() ?? 0)];
    })[0];

    /// <summary>
    /// The N choices of an <c>n</c> request, by their <c>index</c>. Usage covers all choices together; each sample is
    /// credited a share of the completion tokens proportional to its text length (sums stay exact).
    /// </summary>
    private Completion[] ParseCompletions(Uri endpoint, string json, SamplingRequest request) => Parse<Completion[]>(endpoint, json, root =>
    {
        var choices = root["choices"] as JsonArray ?? throw new JsonException("no choices array");
        if (choices.Count != request.N)
            throw new JsonException($"{choices.Count} choices for n = {request.N}");
        var usage = root["usage"];
        int promptTokens = usage?["prompt_tokens"]?.GetValue<int>() ?? 0;
        int totalTokens = usage?["completion_tokens"]?.GetValue<int>() ?? 0;
        var ordered = new JsonNode[request.N];
        foreach (var choice in choices)
        {
            int index = choice?["index"]?.GetValue<int>() ?? throw new JsonException("a choice without index");
            if (index < 0 || index >= request.N || ordered[index] is not null)
                throw new JsonException($"choice index {index} is out of range or repeated");
            ordered[index] = choice!;
        }
        var texts = ordered.Select(c => TextOf(request, c)).ToArray();
        var shares = ShareTokens(texts, totalTokens);
        return ordered.Select((c, i) => Choice(c, texts[i], request, i, promptTokens, shares[i])).ToArray();
    });

    private static T Parse<T>(Uri endpoint, string json, Func<JsonNode, T> read)
    {
        try
        {
            return read(JsonNode.Parse(json) ?? throw new JsonException("empty document"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new RemoteSamplerException($"POST {endpoint} returned a malformed completion ({e.Message}): {Truncate(json)}", null, e);
        }
    }

    private string TextOf(SamplingRequest request, JsonNode choice) =>
        (UsesChat(request) ? choice["message"]?["content"]?.GetValue<string>() : choice["text"]?.GetValue<string>())
        ?? throw new JsonException(UsesChat(request) ? "no message.content in a choice" : "no text in a choice");

    private Completion Choice(JsonNode choice, string text, SamplingRequest request, int index, int promptTokens, int generatedTokens)
    {
        string? finish = choice["finish_reason"]?.GetValue<string>();
        // vLLM names the matched stop string in stop_reason; otherwise "stop" means end of sequence.
        bool stoppedOnString = finish == "stop"
            && choice["stop_reason"] is JsonValue v && v.TryGetValue(out string? stopString)
            && request.Options.Stop.Contains(stopString);
        var reason = finish == "length" ? FinishReason.MaxTokens
            : stoppedOnString ? FinishReason.StopString
            : FinishReason.EndOfSequence;
        return new Completion(index, text, promptTokens, generatedTokens, reason);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";

    public void Dispose() => _http.Dispose();
}
