using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;
using Microsoft.Extensions.AI;
using static MathCritique.Tests.Sampling.LoopbackOpenAiServer;

namespace MathCritique.Tests.Sampling;

/// <summary>
/// The remote engine alone (HTTP, endpoints, parsing, the classification of failures) and, where retries, the cache and
/// the concurrency limit are concerned, the pipeline users get from <see cref="RemoteSampler.CreatePipeline"/>.
/// </summary>
public sealed class RemoteSamplerTests
{
    private static RemoteSamplerOptions OptionsFor(LoopbackOpenAiServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "test-model",
        ApiKeyEnvironmentVariable = "MATHCRITIQUE_TEST_KEY_UNSET",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    private static readonly SamplingOptions Sampled = new()
    {
        Temperature = 0.7f,
        TopP = 0.9f,
        TopK = 40,
        MaxTokens = 64,
        Stop = ["\n\n"],
    };

    [Fact]
    public async Task Sends_one_request_per_sample_with_its_own_seed_and_the_sampling_fields()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        using var sampler = new RemoteSampler(OptionsFor(server));
        var request = SamplingRequest.FromUser("What is 2+3?", n: 3, options: Sampled, seed: 5);
        var progress = new List<SamplingProgress>();

        var result = await sampler.SampleAsync([request], new SyncProgress(progress.Add), CancellationToken.None);

        Assert.Equal(3, server.Calls);
        var bodies = server.Received.Select(r => r.Body).ToList();
        Assert.All(server.Received, r => Assert.Equal("/v1/chat/completions", r.Path));
        Assert.All(bodies, b =>
        {
            Assert.Equal("test-model", (string?)b["model"]);
            Assert.Equal("user", (string?)b["messages"]![0]!["role"]);
            Assert.Equal("What is 2+3?", (string?)b["messages"]![0]!["content"]);
            Assert.Single(b["messages"]!.AsArray());
            Assert.Equal(64, (int)b["max_tokens"]!);
            Assert.Equal(40, (int)b["top_k"]!);
            Assert.Equal(0.7f, (float)b["temperature"]!);
            Assert.Equal(0.9f, (float)b["top_p"]!);
            Assert.Equal("\n\n", (string?)b["stop"]![0]);
            Assert.Null(b["min_p"]);
            Assert.Null(b["continue_final_message"]);
        });
        var expectedSeeds = Enumerable.Range(0, 3).Select(i => (long)(request.SeedFor(i) & long.MaxValue)).ToHashSet();
        Assert.Equal(expectedSeeds, bodies.Select(b => (long)b["seed"]!).ToHashSet());

        var completions = result[0].Completions;
        Assert.Equal([0, 1, 2], completions.Select(c => c.SampleIndex));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal($"seed={request.SeedFor(i) & long.MaxValue}", completions[i].Text);
            Assert.Equal(11, completions[i].PromptTokens);
            Assert.Equal(5, completions[i].GeneratedTokens);
            Assert.Equal(FinishReason.EndOfSequence, completions[i].FinishReason);
        }
        Assert.Equal(new SamplingProgress(3, 3, 15), progress[^1]);
    }

    [Fact]
    public async Task With_the_n_parameter_sends_one_request_and_reads_choices_by_index()
    {
        // Choices come back out of order; usage covers all of them.
        const string reply = """
            {"choices":[
              {"index":1,"message":{"role":"assistant","content":"bbbbbb"},"finish_reason":"length"},
              {"index":0,"message":{"role":"assistant","content":"aa"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":11,"completion_tokens":8,"total_tokens":19}}
            """;
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(200, reply));
        using var sampler = new RemoteSampler(OptionsFor(server) with { UseNParameter = true });
        var request = SamplingRequest.FromUser("Q", n: 2, options: Sampled, seed: 5);

        var result = await sampler.SampleAsync([request], null, CancellationToken.None);

        Assert.Equal(1, server.Calls);
        var body = server.Received.Single().Body;
        Assert.Equal(2, (int)body["n"]!);
        Assert.Equal(5, (long)body["seed"]!);
        Assert.Equal(["aa", "bbbbbb"], result[0].Completions.Select(c => c.Text));
        Assert.Equal([FinishReason.EndOfSequence, FinishReason.MaxTokens], result[0].Completions.Select(c => c.FinishReason));
        Assert.Equal([2, 6], result[0].Completions.Select(c => c.GeneratedTokens)); // 8 tokens split by text length
        Assert.All(result[0].Completions, c => Assert.Equal(11, c.PromptTokens));

        // A server that ignores n is a clear error, not a silently short result.
        using var ignoresN = new LoopbackOpenAiServer((_, b) => Chat(b));
        using var strict = new RemoteSampler(OptionsFor(ignoresN) with { UseNParameter = true });
        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => strict.SampleAsync([request], null, CancellationToken.None));
        Assert.Contains("1 choices for n = 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_at_most_max_concurrency_requests_in_flight()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body) with { Delay = TimeSpan.FromMilliseconds(100) });
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server) with { MaxConcurrency = 2 });

        var result = await sampler.SampleAsync(SamplingRequest.FromUser("q", n: 8, options: Sampled));

        Assert.Equal(8, server.Calls);
        Assert.Equal(8, result.Completions.Select(c => c.Text).Distinct().Count());
        Assert.InRange(server.MostInFlight, 1, 2);
    }

    [Fact]
    public async Task Maps_finish_reasons_and_continues_an_assistant_prefix()
    {
        using var server = new LoopbackOpenAiServer((_, body) =>
            (string?)body["messages"]![0]!["content"] switch
            {
                "long" => Chat(body, "length"),
                "stops" => Chat(body, "stop", "\n\n"),
                _ => Chat(body),
            });
        using var sampler = new RemoteSampler(OptionsFor(server));
        var prefixed = new SamplingRequest
        {
            Messages = [new ChatMessage(ChatRole.User, "eos")],
            AssistantPrefix = "Step 1:",
            Options = Sampled,
        };

        var results = await sampler.SampleAsync(
            [SamplingRequest.FromUser("long", options: Sampled), SamplingRequest.FromUser("stops", options: Sampled), prefixed]);

        Assert.Equal(FinishReason.MaxTokens, results[0].Completions[0].FinishReason);
        Assert.Equal(FinishReason.StopString, results[1].Completions[0].FinishReason);
        Assert.Equal(FinishReason.EndOfSequence, results[2].Completions[0].FinishReason);
        var body = server.Received.Single(r => (string?)r.Body["messages"]![0]!["content"] == "eos").Body;
        Assert.Equal("assistant", (string?)body["messages"]![1]!["role"]);
        Assert.Equal("Step 1:", (string?)body["messages"]![1]!["content"]);
        Assert.True((bool)body["continue_final_message"]!);
        Assert.False((bool)body["add_generation_prompt"]!);
    }

    [Fact]
    public async Task Completions_endpoint_sends_the_joined_prompt_and_reads_text()
    {
        using var server = new LoopbackOpenAiServer((_, body) => new Reply(200, new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject
            {
                ["text"] = "echo:" + ((string)body["prompt"]!).Replace("\n", "|", StringComparison.Ordinal),
                ["finish_reason"] = "length",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 2 },
        }.ToJsonString()));
        using var sampler = new RemoteSampler(OptionsFor(server) with { UseChatEndpoint = false });
        var request = new SamplingRequest
        {
            Messages = [new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "q")],
            AssistantPrefix = "a",
        };

        var completion = (await sampler.SampleAsync(request)).Completions[0];

        Assert.Equal("/v1/completions", server.Received.Single().Path);
        Assert.Equal("echo:sys||q||a", completion.Text);
        Assert.Equal(FinishReason.MaxTokens, completion.FinishReason);
        Assert.Equal((3, 2), (completion.PromptTokens, completion.GeneratedTokens));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Retries_a_server_error_and_then_succeeds(int status)
    {
        using var server = new LoopbackOpenAiServer((call, body) => call == 0 ? new Reply(status, "overloaded") : Chat(body));
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server));

        var result = await sampler.SampleAsync(SamplingRequest.FromUser("q", seed: 1));

        Assert.Equal(2, server.Calls);
        Assert.StartsWith("seed=", result.Completions[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alone_it_makes_one_attempt_and_marks_a_server_error_transient()
    {
        using var server = new LoopbackOpenAiServer((call, body) => call == 0 ? new Reply(503, "overloaded") : Chat(body));
        using var sampler = new RemoteSampler(OptionsFor(server));

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => sampler.SampleAsync(SamplingRequest.FromUser("q")));

        Assert.Equal(1, server.Calls);
        Assert.True(e.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Contains(server.BaseUrl + "/chat/completions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_prompt_goes_to_the_completions_endpoint_as_it_is()
    {
        using var server = new LoopbackOpenAiServer((_, body) => new Reply(200, new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject { ["text"] = "echo:" + (string)body["prompt"]!, ["finish_reason"] = "stop" }),
        }.ToJsonString()));
        using var sampler = new RemoteSampler(OptionsFor(server));
        var request = new SamplingRequest
        {
            Messages = [new ChatMessage(ChatRole.User, "1 + "), new ChatMessage(ChatRole.User, "1 =")],
            AssistantPrefix = " 2",
            RawPrompt = true,
        };

        var completion = (await sampler.SampleAsync(request)).Completions[0];

        Assert.Equal("/v1/completions", server.Received.Single().Path);
        Assert.Equal("echo:1 + 1 = 2", completion.Text);
    }

    [Fact]
    public async Task A_request_with_an_inline_tool_is_refused_before_anything_is_sent()
    {
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(200, "{}"));
        var requests = new[] { SamplingRequest.FromUser("q"), SamplingRequest.FromUser("q", options: new SamplingOptions { Tool = new InlineCalculator() }) };
        using var bare = new RemoteSampler(OptionsFor(server));
        using var pipeline = RemoteSampler.CreatePipeline(OptionsFor(server));

        foreach (var sampler in new ISampler[] { bare, pipeline })
        {
            var e = await Assert.ThrowsAsync<NotSupportedException>(() => sampler.SampleAsync(requests));

            Assert.Equal(0, server.Calls);
            Assert.Contains("Request 1", e.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(InlineCalculator), e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unauthorized_fails_at_once_naming_the_url_and_status()
    {
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(401, """{"error":"bad key"}"""));
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server));

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => sampler.SampleAsync(SamplingRequest.FromUser("q")));

        Assert.Equal(1, server.Calls);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.False(e.IsTransient);
        Assert.Contains(server.BaseUrl + "/chat/completions", e.Message, StringComparison.Ordinal);
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Contains("bad key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_the_api_key_from_the_environment_as_a_bearer_token()
    {
        string variable = "MATHCRITIQUE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-test");
        try
        {
            using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
            using (var withKey = new RemoteSampler(OptionsFor(server) with { ApiKeyEnvironmentVariable = variable }))
                await withKey.SampleAsync(SamplingRequest.FromUser("q"));
            using (var withoutKey = new RemoteSampler(OptionsFor(server)))
                await withoutKey.SampleAsync(SamplingRequest.FromUser("q"));

            Assert.Equal(["Bearer sk-test", null], server.Received.Select(r => r.Authorization));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_closed_port_is_retried_as_a_connection_error_and_then_fails_clearly()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var sampler = RemoteSampler.CreatePipeline(new RemoteSamplerOptions
        {
            BaseUrl = $"http://127.0.0.1:{port}/v1",
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => sampler.SampleAsync(SamplingRequest.FromUser("q")));

        Assert.Contains($"http://127.0.0.1:{port}/v1/chat/completions", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempt(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection error", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task Malformed_json_fails_with_a_clear_message()
    {
        using var server = new LoopbackOpenAiServer((_, _) => new Reply(200, "{\"choices\": [ oops"));
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server));

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => sampler.SampleAsync(SamplingRequest.FromUser("q")));

        Assert.Equal(1, server.Calls); // a malformed answer is not worth retrying

        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
        Assert.Contains("oops", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_server_times_out_is_retried_and_then_fails_clearly()
    {
        using var server = new LoopbackOpenAiServer((_, _) => Stall);
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server) with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 });

        var e = await Assert.ThrowsAsync<RemoteSamplerException>(() => sampler.SampleAsync(SamplingRequest.FromUser("q")));

        Assert.Equal(2, server.Calls);
        Assert.Contains("2 attempt(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("no answer within", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_answers_a_repeated_call_without_a_request()
    {
        string cache = Path.Combine(Path.GetTempPath(), "mc-remote-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var server = new LoopbackOpenAiServer((_, body) => Chat(body, "length"));
            using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server) with { CacheDirectory = cache });
            var request = SamplingRequest.FromUser("q", n: 2, options: Sampled, seed: 9);

            var first = await sampler.SampleAsync(request);
            var second = await sampler.SampleAsync(request);
            var otherSeed = await sampler.SampleAsync(request with { Seed = 10 });

            Assert.Equal(4, server.Calls);
            Assert.Equal(first.Completions, second.Completions);
            Assert.NotEqual(first.Completions[0].Text, otherSeed.Completions[0].Text);
            Assert.Equal(4, Directory.GetFiles(cache, "*.json").Length);
            Assert.Empty(Directory.GetFiles(cache, "*.tmp"));
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task Cancellation_stops_a_waiting_call()
    {
        using var server = new LoopbackOpenAiServer((_, _) => Stall);
        using var sampler = RemoteSampler.CreatePipeline(OptionsFor(server));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampler.SampleAsync([SamplingRequest.FromUser("q", n: 2)], null, cts.Token));
    }

    [Fact]
    public void Options_validation_rejects_bad_values()
    {
        var good = new RemoteSamplerOptions { BaseUrl = "http://127.0.0.1:8080/v1" };
        good.Validate();
        Assert.Throws<ArgumentException>(() => (good with { BaseUrl = "ftp://x" }).Validate());
        Assert.Throws<ArgumentException>(() => (good with { Model = " " }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (good with { MaxConcurrency = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (good with { RequestTimeout = TimeSpan.Zero }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (good with { MaxRetries = -1 }).Validate());
    }

    [Fact]
    public void Cli_opens_an_http_model_address_with_the_model_after_the_hash()
    {
        using var server = new LoopbackOpenAiServer((_, body) => Chat(body));
        string output = Directory.CreateTempSubdirectory("mc-remote-cli-").FullName;
        string cache = Path.Combine(Environment.CurrentDirectory, ".mathcritique-cache");
        bool cacheExisted = Directory.Exists(cache);
        try
        {
            int exit = (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null,
                [new[] { "lab", "eval-actor", "--model", server.BaseUrl + "#served-model", "--levels", "1", "--per-level", "2", "--no-refine", "--out", output }])!;

            Assert.Equal(0, exit);
            Assert.Equal(2, server.Calls);
            Assert.All(server.Received, r => Assert.Equal("served-model", (string?)r.Body["model"]));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "records.jsonl")).Length);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            if (!cacheExisted && Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress(Action<SamplingProgress> report) : IProgress<SamplingProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SamplingProgress value)
        {
            lock (_gate)
                report(value);
        }
    }
}
