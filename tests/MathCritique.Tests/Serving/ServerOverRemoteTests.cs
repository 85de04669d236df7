using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;
using MathCritique.Serving;

namespace MathCritique.Tests.Serving;

/// <summary>
/// A server in front of a remote model, without the CLI: <see cref="OpenAiServer"/> "front" over the
/// <see cref="RemoteSampler.CreatePipeline"/> of another <see cref="OpenAiServer"/> "back" that serves the lab actor
/// in-process, both on loopback. What a client gets from the front equals what the engine gives in-process.
/// </summary>
public sealed class ServerOverRemoteTests : IAsyncLifetime
{
    private const string Model = "lab-actor";
    private static readonly HttpClient Http = new();
    private LlamaSampler _engine = null!;
    private OpenAiServer _back = null!;
    private DelegatingSampler _remote = null!;
    private OpenAiServer _front = null!;

    public async Task InitializeAsync()
    {
        NativeLogging.Suppress();
        _engine = await LlamaSampler.LoadAsync(LabModelsServed.ModelPath("lab-actor.gguf"), new LlamaEngineOptions { ContextSize = 4096, MaxParallelSequences = 8, Threads = 2 });
        _back = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { [Model] = _engine }, new ServerOptions { Port = 0 });
        _remote = RemoteSampler.CreatePipeline(new RemoteSamplerOptions
        {
            BaseUrl = _back.BaseUrl,
            Model = Model,
            ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET",
            MaxConcurrency = 4,
            // One request with n and the caller's seed, so the relay samples exactly what the engine samples in-process.
            UseNParameter = true,
        });
        _front = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { ["relayed"] = _remote }, new ServerOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        _remote.Dispose();
        await _back.DisposeAsync();
        _engine.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, JsonObject body)
    {
        using var response = await Http.PostAsync(_front.BaseUrl + path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject ChatBody(int n) => new()
    {
        ["model"] = "relayed",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "What is 14 + 29?" }),
        ["n"] = n,
        ["temperature"] = 1.0,
        ["max_tokens"] = 40,
        ["seed"] = 17,
    };

    [Fact]
    public async Task A_chat_completion_round_trips_streaming_and_not()
    {
        var request = SamplingRequest.FromUser("What is 14 + 29?", n: 2, new SamplingOptions { Temperature = 1f, MaxTokens = 40 }, seed: 17);
        var local = (await _engine.SampleAsync(request)).Completions;

        var (status, text) = await PostAsync("/chat/completions", ChatBody(2));
        Assert.Equal(HttpStatusCode.OK, status);
        var response = JsonNode.Parse(text)!;
        Assert.Equal("relayed", (string?)response["model"]);
        var choices = response["choices"]!.AsArray();
        Assert.Equal(local.Select(c => c.Text), choices.Select(c => (string?)c!["message"]!["content"]));
        Assert.Equal(local.Select(c => c.FinishReason == FinishReason.MaxTokens ? "length" : "stop"), choices.Select(c => (string?)c!["finish_reason"]));
        Assert.Equal(local.Sum(c => c.GeneratedTokens), (int)response["usage"]!["completion_tokens"]!);
        Assert.Equal(local[0].PromptTokens, (int)response["usage"]!["prompt_tokens"]!);

        var streamBody = ChatBody(2);
        streamBody["stream"] = true;
        streamBody["stream_options"] = new JsonObject { ["include_usage"] = true };
        var (streamStatus, events) = await PostAsync("/chat/completions", streamBody);
        Assert.Equal(HttpStatusCode.OK, streamStatus);
        var lines = events.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", lines[^1]);
        var chunks = lines.SkipLast(1).Select(l => JsonNode.Parse(l)!).ToList();
        var streamed = new[] { new StringBuilder(), new StringBuilder() };
        foreach (var chunk in chunks.Where(c => c["choices"]!.AsArray().Count > 0))
        {
            var choice = chunk["choices"]![0]!;
            streamed[(int)choice["index"]!].Append((string?)choice["delta"]!["content"]);
        }
        Assert.Equal(local.Select(c => c.Text), streamed.Select(s => s.ToString()));
        Assert.Equal(response["usage"]!.ToJsonString(), chunks[^1]["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Relayed_sample_by_sample_each_sample_has_its_own_seed()
    {
        // Without n, the relay sends sample i as its own request with seed SeedFor(i) (its low 63 bits).
        using var perSample = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = _back.BaseUrl, Model = Model, ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET" });
        var request = SamplingRequest.FromUser("What is 14 + 29?", n: 3, new SamplingOptions { Temperature = 1f, MaxTokens = 40 }, seed: 17);

        var relayed = (await perSample.SampleAsync(request)).Completions;

        for (int i = 0; i < 3; i++)
        {
            var alone = request with { N = 1, Seed = (ulong)(request.SeedFor(i) & long.MaxValue) };
            Assert.Equal((await _engine.SampleAsync(alone)).Completions[0].Text, relayed[i].Text);
        }
    }

    [Fact]
    public async Task The_remote_sampler_streams_what_the_back_server_streams()
    {
        var request = SamplingRequest.FromUser("What is 14 + 29?", n: 2, new SamplingOptions { Temperature = 1f, MaxTokens = 40 }, seed: 17);
        using var perSample = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = _back.BaseUrl, Model = Model, ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET" });
        var single = request with { N = 1 };
        var cases = new (DelegatingSampler Sampler, SamplingRequest Request, IReadOnlyList<Completion> Expected)[]
        {
            (_remote, request, (await _engine.SampleAsync(request)).Completions), // n: the request's own seed
            (perSample, single, (await perSample.SampleAsync(single)).Completions), // one sample: seed SeedFor(0)
        };
        foreach (var (sampler, streamed, expected) in cases)
        {
            var updates = new List<SamplingUpdate>();
            await foreach (var update in sampler.StreamAsync(streamed))
                updates.Add(update);

            for (int i = 0; i < streamed.N; i++)
            {
                var pieces = updates.Where(u => u.SampleIndex == i && u.Completion is null).Select(u => u.Text).ToList();
                Assert.True(pieces.Count > 1, "text arrives in pieces");
                Assert.Equal(expected[i].Text, string.Concat(pieces));
                var finished = updates.Single(u => u.SampleIndex == i && u.Completion is not null).Completion!;
                Assert.Equal((expected[i].Text, expected[i].FinishReason, expected[i].PromptTokens), (finished.Text, finished.FinishReason, finished.PromptTokens));
            }
            Assert.Equal(expected.Sum(c => c.GeneratedTokens), updates.Sum(u => u.Completion?.GeneratedTokens ?? 0));
        }
    }

    [Fact]
    public async Task A_plain_completion_round_trips_as_a_raw_prompt()
    {
        var local = (await _engine.SampleAsync(new SamplingRequest
        {
            Messages = SamplingRequest.FromUser("Question: 3 + 4 =").Messages,
            Options = new SamplingOptions { MaxTokens = 12 },
            RawPrompt = true,
        })).Completions[0];

        var (status, text) = await PostAsync("/completions", new JsonObject { ["model"] = "relayed", ["prompt"] = "Question: 3 + 4 =", ["max_tokens"] = 12, ["temperature"] = 0 });

        Assert.Equal(HttpStatusCode.OK, status);
        var response = JsonNode.Parse(text)!;
        Assert.Equal(local.Text, (string?)response["choices"]![0]!["text"]);
        Assert.Equal(local.PromptTokens, (int)response["usage"]!["prompt_tokens"]!);
    }

    [Fact]
    public async Task A_failing_back_server_is_a_server_error_at_the_front()
    {
        // The back server knows no model "missing": a permanent 404, relayed once (not retried) as the front's 500.
        using var remote = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = _back.BaseUrl, Model = "missing", RetryBaseDelay = TimeSpan.Zero });
        await using var front = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { ["x"] = remote }, new ServerOptions { Port = 0 });
        var body = ChatBody(1);
        body["model"] = "x";

        using var response = await Http.PostAsync(front.BaseUrl + "/chat/completions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Contains("404", (string?)error["message"], StringComparison.Ordinal);
    }
}
