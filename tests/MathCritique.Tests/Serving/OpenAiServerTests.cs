using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;
using MathCritique.Serving;
using OpenAI;
using OpenAI.Chat;

namespace MathCritique.Tests.Serving;

/// <summary>A tiny random model (real llama.cpp engine) served on a loopback port for the whole class.</summary>
public sealed class ServedTinyModel : IAsyncLifetime
{
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("mc-serve-").FullName;

    public LlamaSampler Sampler { get; private set; } = null!;
    public string ModelPath => Path.Combine(_dir, "tiny.gguf");
    public string Directory => _dir;
    public OpenAiServer Server { get; private set; } = null!;
    public const string Name = "tiny";

    public async Task InitializeAsync()
    {
        var path = ModelPath;
        int rc = (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null,
            [new[] { "model", "new", "--out", path, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "1024", "--seed", "4" }])!;
        Assert.Equal(0, rc);
        NativeLogging.Suppress();
        Sampler = await LlamaSampler.LoadAsync(path, new LlamaEngineOptions { ContextSize = 8192, MaxParallelSequences = 16, Threads = 2 });
        Server = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { [Name] = Sampler }, new ServerOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Sampler.Dispose();
        System.IO.Directory.Delete(_dir, recursive: true);
    }
}

public sealed class OpenAiServerTests(ServedTinyModel served) : IClassFixture<ServedTinyModel>
{
    private static readonly HttpClient Http = new();

    private DelegatingSampler Remote(bool chat = true) => RemoteSampler.CreatePipeline(new RemoteSamplerOptions
    {
        BaseUrl = served.Server.BaseUrl,
        Model = ServedTinyModel.Name,
        UseChatEndpoint = chat,
        ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    private static SamplingOptions Greedy(int maxTokens = 20) => new() { MaxTokens = maxTokens };

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, JsonObject body, string? apiKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, served.Server.BaseUrl + path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await Http.SendAsync(message);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The JSON events of a server-sent-event body, and whether it ended with [DONE].</summary>
    private static (List<JsonObject> Events, bool Done) ParseEvents(string body)
    {
        var events = new List<JsonObject>();
        bool done = false;
        foreach (var line in body.Split('\n'))
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            var data = line["data: ".Length..];
            if (data == "[DONE]")
                done = true;
            else
                events.Add(JsonNode.Parse(data)!.AsObject());
        }
        return (events, done);
    }

    [Fact]
    public async Task Our_remote_sampler_gets_the_in_process_greedy_text_on_both_endpoints()
    {
        var requests = new[]
        {
            SamplingRequest.FromUser("What is 2 + 3?", options: Greedy()),
            new SamplingRequest { Messages = SamplingRequest.FromUser("Go on").Messages, AssistantPrefix = "Step 1:", Options = Greedy() },
        };
        var local = await served.Sampler.SampleAsync(requests);
        using var chat = Remote();
        var remote = await chat.SampleAsync(requests);
        for (int r = 0; r < requests.Length; r++)
        {
            Assert.Equal(local[r].Completions[0].Text, remote[r].Completions[0].Text);
            Assert.Equal(local[r].Completions[0].GeneratedTokens, remote[r].Completions[0].GeneratedTokens);
            Assert.Equal(local[r].Completions[0].PromptTokens, remote[r].Completions[0].PromptTokens);
        }

        // The completions endpoint takes the prompt as it is: the messages joined as RemoteSampler sends them.
        using var plain = Remote(chat: false);
        var text = (await plain.SampleAsync(requests[0])).Completions[0];
        var expected = (await served.Sampler.SampleAsync(requests[0] with { RawPrompt = true })).Completions[0];
        Assert.Equal(expected.Text, text.Text);
        Assert.Equal(expected.PromptTokens, text.PromptTokens);
    }

    [Fact]
    public async Task With_n_in_one_request_the_served_samples_equal_the_in_process_ones()
    {
        var request = SamplingRequest.FromUser("Pick a number.", n: 3, new SamplingOptions { Temperature = 1f, MaxTokens = 16 }, seed: 5);
        var local = (await served.Sampler.SampleAsync(request)).Completions;
        using var remote = new RemoteSampler(new RemoteSamplerOptions { BaseUrl = served.Server.BaseUrl, Model = ServedTinyModel.Name, UseNParameter = true });
        var viaN = (await remote.SampleAsync(request)).Completions;
        Assert.Equal(local.Select(c => c.Text), viaN.Select(c => c.Text));
        Assert.Equal(local.Sum(c => c.GeneratedTokens), viaN.Sum(c => c.GeneratedTokens));
    }

    [Fact]
    public async Task Concurrent_requests_get_the_answers_they_get_one_at_a_time()
    {
        var requests = Enumerable.Range(0, 12)
            .Select(i => SamplingRequest.FromUser($"Question {i % 5}?", options: new SamplingOptions { Temperature = 0.9f, MaxTokens = 16 + i }, seed: (ulong)i))
            .ToArray();
        using var remote = Remote();
        var oneByOne = new List<string>();
        foreach (var request in requests)
            oneByOne.Add((await remote.SampleAsync(request)).Completions[0].Text);

        using var concurrent = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = served.Server.BaseUrl, Model = ServedTinyModel.Name, MaxConcurrency = 12 });
        var together = await concurrent.SampleAsync(requests);

        Assert.Equal(oneByOne, together.Select(r => r.Completions[0].Text));
    }

    [Fact]
    public async Task The_official_openai_client_works_streaming_and_not()
    {
        var client = new ChatClient(ServedTinyModel.Name, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(served.Server.BaseUrl) });
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Tell me a number.")];
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 24 };
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
        options.Seed = 3;
#pragma warning restore OPENAI001

        ChatCompletion completion = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ServedTinyModel.Name, completion.Model);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        var text = completion.Content[0].Text;

        var streamed = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
                streamed.Append(part.Text);
            finish ??= update.FinishReason;
        }
        Assert.Equal(text, streamed.ToString());
        Assert.Equal(completion.FinishReason, finish);
    }

    [Fact]
    public async Task N_choices_come_back_with_usage_and_stream_with_the_same_text()
    {
        var body = new JsonObject
        {
            ["model"] = ServedTinyModel.Name,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Count." }),
            ["n"] = 3, ["temperature"] = 1.0, ["max_tokens"] = 12, ["seed"] = 21,
        };
        var (status, text) = await PostAsync("/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, status);
        var response = JsonNode.Parse(text)!;
        var choices = response["choices"]!.AsArray();
        Assert.Equal([0, 1, 2], choices.Select(c => (int)c!["index"]!));
        var contents = choices.Select(c => (string)c!["message"]!["content"]!).ToArray();
        Assert.True(contents.Distinct().Count() > 1, "three seeded samples should differ");
        var usage = response["usage"]!;
        Assert.Equal((int)usage["prompt_tokens"]! + (int)usage["completion_tokens"]!, (int)usage["total_tokens"]!);
        Assert.InRange((int)usage["completion_tokens"]!, 3, 36);

        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        var (streamStatus, events) = await PostAsync("/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, streamStatus);
        var (chunks, done) = ParseEvents(events);
        Assert.True(done);
        var streamed = new StringBuilder[3].Select(_ => new StringBuilder()).ToArray();
        foreach (var chunk in chunks.Where(c => c["choices"]!.AsArray().Count > 0))
        {
            var choice = chunk["choices"]![0]!;
            streamed[(int)choice["index"]!].Append((string?)choice["delta"]!["content"]);
        }
        Assert.Equal(contents, streamed.Select(s => s.ToString()));
        Assert.Equal(3, chunks.Count(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"] is not null));
        Assert.Equal(usage.ToJsonString(), chunks[^1]["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_requests_get_openai_style_errors()
    {
        var (status, body) = await PostAsync("/chat/completions", new JsonObject
        {
            ["model"] = "no-such-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", (string?)JsonNode.Parse(body)!["error"]!["code"]);
        Assert.Contains(ServedTinyModel.Name, body, StringComparison.Ordinal);

        (status, body) = await PostAsync("/chat/completions", new JsonObject { ["model"] = ServedTinyModel.Name, ["messages"] = new JsonArray(), });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("messages", (string?)JsonNode.Parse(body)!["error"]!["param"]);

        (status, body) = await PostAsync("/completions", new JsonObject { ["model"] = ServedTinyModel.Name, ["prompt"] = "x", ["temperature"] = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("temperature", (string?)JsonNode.Parse(body)!["error"]!["param"]);

        // A number where a boolean belongs is refused, not read as false.
        (status, body) = await PostAsync("/completions", new JsonObject { ["model"] = ServedTinyModel.Name, ["prompt"] = "x", ["stream"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("stream", (string?)JsonNode.Parse(body)!["error"]!["param"]);

        // Legacy completions ask for logprobs with a count; we cannot return them.
        (status, body) = await PostAsync("/completions", new JsonObject { ["model"] = ServedTinyModel.Name, ["prompt"] = "x", ["logprobs"] = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("logprobs", (string?)JsonNode.Parse(body)!["error"]!["param"]);

        using var malformed = await Http.PostAsync(served.Server.BaseUrl + "/completions", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not valid JSON", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A prompt longer than the context: the engine's refusal, as a 400 naming the limit.
        (status, body) = await PostAsync("/completions", new JsonObject { ["model"] = ServedTinyModel.Name, ["prompt"] = new string('x', 9000) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("8192", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_against_the_served_model_gives_the_in_process_greedy_answers()
    {
        static int Run(params string[] args) => (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!;
        string[] common = ["--levels", "1", "--per-level", "3", "--samples", "1", "--rounds", "1", "--max-tokens", "16", "--critic-max-tokens", "24"];
        var local = Path.Combine(served.Directory, "eval-local");
        var remote = Path.Combine(served.Directory, "eval-remote");
        var address = $"{served.Server.BaseUrl}#{ServedTinyModel.Name}";
        Assert.Equal(0, Run(["eval", "--actor", served.ModelPath, "--critic", served.ModelPath, "--out", local, .. common]));
        Assert.Equal(0, Run(["eval", "--actor", address, "--critic", address, "--out", remote, .. common]));

        static string[] Greedy(string run, string field) => File.ReadAllLines(Path.Combine(run, "records.jsonl"))
            .Select(l => JsonNode.Parse(l)!).OrderBy(r => (string?)r["id"]).Select(r => r[field]!.ToJsonString()).ToArray();
        Assert.Equal(3, Greedy(local, "greedy").Length);
        Assert.Equal(Greedy(local, "greedy"), Greedy(remote, "greedy"));
        Assert.Equal(Greedy(local, "chains"), Greedy(remote, "chains"));
    }

    [Fact]
    public async Task Models_are_listed()
    {
        var list = JsonNode.Parse(await Http.GetStringAsync(served.Server.BaseUrl + "/models"))!;
        Assert.Equal("list", (string?)list["object"]);
        Assert.Equal(ServedTinyModel.Name, (string?)list["data"]![0]!["id"]);
        using var missing = await Http.GetAsync(served.Server.BaseUrl + "/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_api_key_is_required_when_configured()
    {
        await using var keyed = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { ["k"] = served.Sampler }, new ServerOptions { Port = 0, ApiKey = "s3cret" });
        var body = new JsonObject { ["model"] = "k", ["prompt"] = "1 + 1 =", ["max_tokens"] = 2 };
        using (var none = await Http.PostAsync(keyed.BaseUrl + "/completions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        Environment.SetEnvironmentVariable("MATHCRITIQUE_SERVE_TEST_KEY", "s3cret");
        using var remote = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = keyed.BaseUrl, Model = "k", UseChatEndpoint = false, ApiKeyEnvironmentVariable = "MATHCRITIQUE_SERVE_TEST_KEY" });
        var result = await remote.SampleAsync(SamplingRequest.FromUser("1 + 1 =", options: Greedy(2)));
        Assert.InRange(result.Completions[0].GeneratedTokens, 1, 2);
    }
}
