using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace MathCritique.Tests.Cli;

/// <summary>
/// SIGTERM (what docker, systemd and Kubernetes send) stops the real command promptly: <c>serve</c> and a running
/// <c>eval</c>, whose run directory then resumes.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-signal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly.Load("MathCritique.Cli").Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static int ExitWithin(Process process, TimeSpan limit)
    {
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"still running {limit.TotalSeconds} s after SIGTERM");
        }
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string TinyModel()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        using var create = Start("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "1024", "--seed", "4");
        create.WaitForExit();
        Assert.Equal(0, create.ExitCode);
        return model;
    }

    [Fact]
    public async Task Serve_stops_promptly_on_SIGTERM()
    {
        var model = TinyModel();
        using var serve = Start("serve", "--model", $"tiny={model}", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var first = await serve.StandardOutput.ReadLineAsync();
        Assert.StartsWith("serving tiny at http://127.0.0.1:", first, StringComparison.Ordinal);
        Terminate(serve);
        Assert.Equal(0, ExitWithin(serve, Prompt));
    }

    [Fact]
    public async Task Eval_stops_promptly_on_SIGTERM_and_its_run_resumes()
    {
        var model = TinyModel();
        var run = Path.Combine(_dir, "eval");
        string[] args = ["eval", "--actor", model, "--critic", model, "--per-level", "40", "--samples", "4", "--max-tokens", "200", "--critic-max-tokens", "200", "--out", run];
        using (var eval = Start(args))
        {
            // The progress display writes to stderr once sampling is under way.
            var line = await eval.StandardError.ReadLineAsync();
            Assert.NotNull(line);
            Terminate(eval);
            Assert.Equal(130, ExitWithin(eval, Prompt));
        }
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));
        using var resumed = Start(args);
        // Both pipes drained, so a full one never blocks the child.
        await Task.WhenAll(resumed.StandardOutput.ReadToEndAsync(), resumed.StandardError.ReadToEndAsync(), resumed.WaitForExitAsync());
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(200, File.ReadAllLines(Path.Combine(run, "records.jsonl")).Length);
    }
}
