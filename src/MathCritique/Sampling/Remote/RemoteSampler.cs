using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MathCritique.Sampling.Remote;

/// <summary>
/// Samples from an OpenAI-compatible HTTP server. Each of a request's N samples is its own request
/// with seed <see cref="SamplingRequest.SeedFor"/>(i), so results do not depend on batching; up to
/// <see cref="RemoteSamplerOptions.MaxConcurrency"/> run at once and the server batches them.
/// An <see cref="SamplingRequest.AssistantPrefix"/> on the chat endpoint is sent as a final assistant message
/// with vLLM's <c>continue_final_message</c>; servers without that option will not continue the prefix.
/// </summary>
public sealed class RemoteSampler : ISampler, IDisposable
{
    private readonly RemoteSamplerOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly CompletionCache? _cache;
    private readonly Uri _endpoint;

    public RemoteSampler(RemoteSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _endpoint = new Uri(options.BaseUrl.TrimEnd('/') + (options.UseChatEndpoint ? "/chat/completions" : "/completions"));
        // Per-attempt timeouts are ours (RequestTimeout); the client's own would not be retried.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.MaxConcurrency })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _cache = options.CacheDirectory is null ? null : new CompletionCache(options.CacheDirectory);
    }

    public string ModelId => $"{_options.Model}@{_options.BaseUrl}";

    public async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            requests[r].Validate();
            if (requests[r].Options.Tool is { } tool)
                throw new NotSupportedException($"Request {r}: an inline tool ({tool.GetType().Name}) writes into a completion token by token, which a remote server cannot do; use a GGUF model (the in-process engine).");
        }
        int total = requests.Sum(r => r.N);
        int done = 0;
        long tokens = 0;
        var reporting = new Lock();
        progress?.Report(new SamplingProgress(0, total, 0));

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Done(IEnumerable<Completion> completions)
        {
            foreach (var completion in completions)
            {
                // Count and report together: requests finish concurrently, and a report must never go backwards.
                lock (reporting)
                {
                    tokens += completion.GeneratedTokens;
                    progress?.Report(new SamplingProgress(++done, total, tokens));
                }
            }
        }
        async Task<T> Guard<T>(Func<Task<T>> sample)
        {
            try
            {
                return await sample().ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false); // one failure stops the rest of the call
                throw;
            }
        }
        // One task per request: its N samples as N requests (each with its own seed), or as one request with n.
        var perRequest = requests.Select(request => _options.UseNParameter
            ? Guard(async () =>
            {
                var completions = await SampleAllAsync(request, failed.Token).ConfigureAwait(false);
                Done(completions);
                return completions;
            })
            : Task.WhenAll(Enumerable.Range(0, request.N).Select(i => Guard(async () =>
            {
                var completion = await SampleOneAsync(request, i, failed.Token).ConfigureAwait(false);
                Done([completion]);
                return completion;
            })))).ToArray();

        try
        {
            await Task.WhenAll(perRequest).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Report the failure that cancelled the others, not the cancellation.
            var first = perRequest.FirstOrDefault(t => t.IsFaulted);
            if (first?.Exception is { } e)
                throw e.InnerException ?? e;
            throw;
        }
        return requests.Select((r, k) => new SamplingResult(r, perRequest[k].Result)).ToArray();
    }

    /// <summary>All N samples of a request in one call with <c>n</c>; cached per sample like the one-by-one path.</summary>
    private async Task<Completion[]> SampleAllAsync(SamplingRequest request, CancellationToken cancellationToken)
    {
        var body = BuildBody(request, 0);
        body["n"] = request.N;
        body["seed"] = WireSeed(request.Seed);
        string bodyJson = body.ToJsonString();
        string? key = _cache is null ? null : CompletionCache.KeyOf($"{_options.BaseUrl}\n{_endpoint.AbsolutePath}\n{bodyJson}");
        if (key is not null)
        {
            var cached = new Completion[request.N];
            int found = 0;
            for (int i = 0; i < request.N && await _cache!.TryReadAsync(key, i, cancellationToken).ConfigureAwait(false) is { } c; i++, found++)
                cached[i] = c;
            if (found == request.N)
                return cached;
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Completion[] completions;
        try
        {
            string response = await PostWithRetriesAsync(bodyJson, cancellationToken).ConfigureAwait(false);
            completions = ParseCompletions(response, request);
        }
        finally
        {
            _slots.Release();
        }
        if (key is not null)
        {
            foreach (var completion in completions)
                await _cache!.WriteAsync(key, completion, cancellationToken).ConfigureAwait(false);
        }
        return completions;
    }

    private async Task<Completion> SampleOneAsync(SamplingRequest request, int index, CancellationToken cancellationToken)
    {
        var body = BuildBody(request, index);
        string bodyJson = body.ToJsonString();
        string? key = _cache is null ? null : CompletionCache.KeyOf($"{_options.BaseUrl}\n{_endpoint.AbsolutePath}\n{bodyJson}");
        if (key is not null && await _cache!.TryReadAsync(key, index, cancellationToken).ConfigureAwait(false) is { } cached)
            return cached;

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Completion completion;
        try
        {
            string response = await PostWithRetriesAsync(bodyJson, cancellationToken).ConfigureAwait(false);
            completion = ParseCompletion(response, request, index);
        }
        finally
        {
            _slots.Release();
        }
        if (key is not null)
            await _cache!.WriteAsync(key, completion, cancellationToken).ConfigureAwait(false);
        return completion;
    }

    private JsonObject BuildBody(SamplingRequest request, int index)
    {
        var o = request.Options;
        var body = new JsonObject { ["model"] = _options.Model };
        if (_options.UseChatEndpoint)
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

    private async Task<string> PostWithRetriesAsync(string bodyJson, CancellationToken cancellationToken)
    {
        string? apiKey = Environment.GetEnvironmentVariable(_options.ApiKeyEnvironmentVariable);
        string lastFailure = "";
        HttpStatusCode? lastStatus = null;
        Exception? lastException = null;
        for (int attempt = 0; ; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(BackoffDelay(attempt), cancellationToken).ConfigureAwait(false);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
                {
                    Content = new StringContent(bodyJson, Encoding.UTF8, "application/json"),
                };
                if (!string.IsNullOrEmpty(apiKey))
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                using var response = await _http.SendAsync(message, attemptTimeout.Token).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(attemptTimeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return text;
                lastStatus = response.StatusCode;
                lastException = null;
                lastFailure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}";
                bool retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!retryable)
                    throw new RemoteSamplerException($"POST {_endpoint} failed with {lastFailure}", lastStatus);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastStatus = null;
                lastException = e;
                lastFailure = $"no answer within {_options.RequestTimeout}";
            }
            catch (HttpRequestException e)
            {
                lastStatus = null;
                lastException = e;
                lastFailure = $"connection error: {e.Message}";
            }
            if (attempt >= _options.MaxRetries)
                throw new RemoteSamplerException(
                    $"POST {_endpoint} failed after {attempt + 1} attempt(s); last: {lastFailure}", lastStatus, lastException);
        }
    }

    private TimeSpan BackoffDelay(int attempt) =>
        _options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + 0.5 * Random.Shared.NextDouble());

    private Completion ParseCompletion(string json, SamplingRequest request, int index) => Parse(json, root =>
    {
        var choice = root["choices"]?[0] ?? throw new JsonException("no choices[0]");
        var usage = root["usage"];
        return [Choice(choice, TextOf(choice), request, index, usage?["prompt_tokens"]?.GetValue<int>() ?? 0, usage?["completion_tokens"]?.GetValue<int>() ?? 0)];
    })[0];

    /// <summary>
    /// The N choices of an <c>n</c> request, by their <c>index</c>. Usage covers all choices together; each sample is
    /// credited a share of the completion tokens proportional to its text length (sums stay exact).
    /// </summary>
    private Completion[] ParseCompletions(string json, SamplingRequest request) => Parse(json, root =>
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
        var texts = ordered.Select(TextOf).ToArray();
        long chars = Math.Max(1, texts.Sum(t => (long)t.Length));
        var shares = texts.Select(t => (int)(totalTokens * (long)t.Length / chars)).ToArray();
        shares[^1] += totalTokens - shares.Sum(); // rounding remainder
        return ordered.Select((c, i) => Choice(c, texts[i], request, i, promptTokens, shares[i])).ToArray();
    });

    private Completion[] Parse(string json, Func<JsonNode, Completion[]> read)
    {
        try
        {
            return read(JsonNode.Parse(json) ?? throw new JsonException("empty document"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new RemoteSamplerException($"POST {_endpoint} returned a malformed completion ({e.Message}): {Truncate(json)}", null, e);
        }
    }

    private string TextOf(JsonNode choice) =>
        (_options.UseChatEndpoint ? choice["message"]?["content"]?.GetValue<string>() : choice["text"]?.GetValue<string>())
        ?? throw new JsonException(_options.UseChatEndpoint ? "no message.content in a choice" : "no text in a choice");

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

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}
