using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace MathCritique.Processes;

/// <summary>
/// A program started from a <see cref="CommandTemplate"/>: its stdout and stderr go, line by line, to a log file (so a
/// long training or server run leaves its output behind) and the last lines are kept for error messages. Stopping it
/// asks first (SIGTERM, so a server can free its GPU memory) and kills the whole process tree after a grace period.
/// </summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private const int TailLines = 10;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Task _pumps;

    private ExternalProcess(Process process, StreamWriter log, string command, string logPath)
    {
        _process = process;
        _log = log;
        Command = command;
        LogPath = logPath;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The command line as run (for messages).</summary>
    public string Command { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="arguments"/> (program first), appending its output to <paramref name="logPath"/>.</summary>
    public static ExternalProcess Start(IReadOnlyList<string> arguments, string logPath, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(arguments.Count);
        var command = string.Join(' ', arguments.Select(Quote));
        var start = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z $ {command}"));
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start '{command}'");
            // Nothing is typed at it: a prompt for input (a login, a confirmation) ends instead of waiting forever.
            process.StandardInput.Close();
            return new ExternalProcess(process, log, command, logPath);
        }
        catch (Win32Exception e)
        {
            log.Dispose();
            throw new ExternalCommandException($"Could not start '{command}': {e.Message}.", e);
        }
    }

    /// <summary>Waits for the program to end and for its output to be logged; cancelling kills its process tree.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        await _pumps.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM (on Unix), then, if it is still running after <paramref name="grace"/>, the whole process tree is killed.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
            return;
        if (!OperatingSystem.IsWindows() && Terminate())
        {
            using var waiting = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The last lines the program wrote, on one line (for an error message).</summary>
    public string Tail()
    {
        lock (_tail)
            return _tail.Count == 0 ? "(no output)" : string.Join(" | ", _tail);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        // The pumps end when the pipes close; a grandchild that kept them open must not hold us.
        await Task.WhenAny(_pumps, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        lock (_tail)
            _log.Dispose();
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_tail)
            {
                _log.WriteLine(line);
                if (line.Trim().Length == 0)
                    continue;
                _tail.Enqueue(line.Trim());
                if (_tail.Count > TailLines)
                    _tail.Dequeue();
            }
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    // .NET sends no signal but SIGKILL; kill(1) is on every Unix.
    private bool Terminate()
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
            return kill?.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%{}".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
