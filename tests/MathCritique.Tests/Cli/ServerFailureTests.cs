using System.Diagnostics;
using System.Reflection;
using MathCritique.Tests.Sampling;

namespace MathCritique.Tests.Cli;

/// <summary>
/// A model server that answers every request with a 5xx ends the real command, after the sampler's retries, in one
/// line naming the endpoint and the last answer, with exit code 4. Run as its own process (the retries wait about 15
/// seconds in all) so that it neither holds up the tests that capture the console nor leaves a cache in theirs.
/// </summary>
public sealed class ServerFailureTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-server-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_server_that_keeps_failing_ends_in_one_line_naming_the_endpoint_and_exit_code_4()
    {
        using var server = new LoopbackOpenAiServer((_, _) => new LoopbackOpenAiServer.Reply(503, "{\"error\": {\"message\": \"overloaded\"}}"));
        var address = server.BaseUrl + "#m";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Assembly.Load("MathCritique.Cli").Location, "eval", "--actor", address, "--critic", address,
            "--levels", "1", "--per-level", "1", "--samples", "1", "--rounds", "1", "--out", "run"])
            start.ArgumentList.Add(arg);
        using var eval = Process.Start(start)!;
        var output = eval.StandardOutput.ReadToEndAsync();
        var error = eval.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await eval.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            eval.Kill(entireProcessTree: true);
            Assert.Fail($"eval still running after {Limit.TotalSeconds} s against a failing server:\n{await error}");
        }
        string errors = await error;

        Assert.True(eval.ExitCode == 4, $"exit code {eval.ExitCode}\nstdout:\n{await output}\nstderr:\n{errors}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"{server.BaseUrl}/chat/completions", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.True(server.Calls >= 5, $"{server.Calls} requests: the sampler gave up without retrying");
    }
}
