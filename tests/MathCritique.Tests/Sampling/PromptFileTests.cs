using System.Text.Json;
using MathCritique.Sampling;
using MathCritique.Tests.TestTime;
using Microsoft.Extensions.AI;

namespace MathCritique.Tests.Sampling;

public sealed class PromptFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-prompt-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SamplingRequest Request(int n) => new() { Messages = [new ChatMessage(ChatRole.User, "template")], N = n, Seed = 7 };

    [Fact]
    public async Task Every_prompt_is_sampled_in_one_call_and_written_back_with_its_fields_and_completions()
    {
        var path = Path.Combine(_dir, "prompts.jsonl");
        await File.WriteAllTextAsync(path, "{\"prompt\": \"2+2\", \"expected\": \"4\"}\n\n{\"prompt\": \"3+3\", \"completion\": \"6\"}\n");
        var file = await PromptFile.ReadAsync(path);
        Assert.Equal(["2+2", "3+3"], file.Prompts);

        var sampler = new ScriptedSampler("echo", (string prompt, ulong seed) => $"{prompt}#{seed % 100}");
        var output = new StringWriter();
        bool sampledBeforeOpening = false;
        var result = await file.SampleAsync(sampler, Request(2), () => { sampledBeforeOpening = sampler.Calls == 1; return output; });

        Assert.True(sampledBeforeOpening);
        Assert.Equal(1, sampler.Calls);
        Assert.All(sampler.Requests, r => Assert.Equal((2, 7UL), (r.N, r.Seed)));
        Assert.Equal(2, result.Prompts);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("4", lines[0].GetProperty("expected").GetString());
        Assert.Equal("6", lines[1].GetProperty("completion").GetString());
        var completions = lines.Select(l => l.GetProperty("completions").EnumerateArray().Select(c => c.GetString()!).ToArray()).ToArray();
        Assert.All(completions[0], c => Assert.StartsWith("2+2#", c, StringComparison.Ordinal));
        Assert.All(completions[1], c => Assert.StartsWith("3+3#", c, StringComparison.Ordinal));
        Assert.Equal(completions.Sum(c => c.Sum(t => (long)t.Length)), result.TokensGenerated);

        // Sampling the same file again writes the same lines (the file read is not changed by writing).
        var again = new StringWriter();
        await file.SampleAsync(sampler, Request(2), () => again);
        Assert.Equal(output.ToString(), again.ToString());
    }

    [Fact]
    public async Task A_line_without_a_prompt_is_refused_naming_the_file_and_line()
    {
        var path = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(path, "{\"prompt\": \"2+2\"}\n{\"text\": \"x\"}\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PromptFile.ReadAsync(path));
        Assert.Contains($"{path}:2", error.Message, StringComparison.Ordinal);
    }
}
