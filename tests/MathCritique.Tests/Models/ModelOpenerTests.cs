using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Tests.Sampling;
using static MathCritique.Tests.Sampling.LoopbackOpenAiServer;

namespace MathCritique.Tests.Models;

public sealed class ModelOpenerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Settings_on_an_address_reach_the_server_sampler()
    {
        // n = true: one request with n for a request's samples; concurrency = 1: one request at a time.
        using var server = new LoopbackOpenAiServer((_, body) => body["n"] is { } n
            ? new Reply(200, $$"""{"choices":[{"index":0,"message":{"content":"a"},"finish_reason":"stop"},{"index":1,"message":{"content":"b"},"finish_reason":"stop"}]}""")
            : Chat(body));
        var opener = new ModelOpener([new RemoteModelProvider()]);

        using var batched = await opener.OpenAsync($"{server.BaseUrl}#served?n=true&cache=off");
        var result = await batched.Sampler.SampleAsync(SamplingRequest.FromUser("Q", n: 2, seed: 3));
        Assert.Equal(["a", "b"], result.Completions.Select(c => c.Text));
        Assert.Equal("served", (string)server.Received.Single().Body["model"]!);

        using var serial = await opener.OpenAsync($"{server.BaseUrl}#served?concurrency=1");
        await serial.Sampler.SampleAsync(Enumerable.Range(0, 6).Select(i => SamplingRequest.FromUser($"Q{i}", seed: (ulong)i)).ToArray());
        Assert.Equal(1, server.MostInFlight);
    }

    [Fact]
    public async Task A_profile_names_an_address_with_its_settings_and_the_name_may_add_more()
    {
        string file = Path.Combine(_dir, ModelProfiles.DefaultFile);
        await File.WriteAllTextAsync(file, """
            { "models": {
                "qwen": { "address": "http://127.0.0.1:9/v1#Qwen?retries=0", "concurrency": 16, "n": true, "prompts": "paper" } } }
            """);
        var opener = new ModelOpener([new RemoteModelProvider()], await ModelProfiles.ReadAsync(file));

        var address = opener.Resolve("qwen?concurrency=2");
        Assert.Equal("http://127.0.0.1:9/v1", address.Location);
        Assert.Equal("Qwen", address.ModelName);
        Assert.Equal(2, address.Settings.MaxConcurrency);
        Assert.True(address.Settings.UseNParameter);
        Assert.Equal(0, address.Settings.MaxRetries);
        Assert.Equal("paper", address.Settings.PromptSet);
        using var model = await opener.OpenAsync("qwen");
        Assert.Equal("paper", model.PromptSet);
        Assert.Equal("models/x.gguf", opener.Resolve("models/x.gguf").Location); // not a profile: an address
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{ "model": {} }""", "needs an object \"models\"")]
    [InlineData("""{ "models": { "a": { "concurrency": 2 } } }""", "model 'a' needs a string \"address\"")]
    [InlineData("""{ "models": { "a": { "address": "http://h/v1#m", "speed": 2 } } }""", "unknown model setting 'speed'")]
    public async Task A_broken_profile_file_is_named_in_one_line(string json, string expected)
    {
        string file = Path.Combine(_dir, "profiles.json");
        await File.WriteAllTextAsync(file, json);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ModelProfiles.ReadAsync(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_no_provider_takes_is_refused()
    {
        var opener = new ModelOpener([new RemoteModelProvider()]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => opener.OpenAsync("models/actor.gguf"));
        Assert.Contains("No engine opens model address 'models/actor.gguf'", e.Message, StringComparison.Ordinal);
    }
}
