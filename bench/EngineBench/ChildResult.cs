using System.Diagnostics;
using System.Globalization;

/// <summary>One measurement in a fresh process: best tokens/s for each N, and the process's peak RSS.</summary>
internal sealed record ChildResult(double[] TokensPerSecond, double PeakRssMiB)
{
    public static ChildResult Run(string[] arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(ChildResult).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"child {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rates = lines.Where(l => l.StartsWith("tps ", StringComparison.Ordinal)).Select(l => double.Parse(l[4..], CultureInfo.InvariantCulture)).ToArray();
        var rss = lines.Where(l => l.StartsWith("rss ", StringComparison.Ordinal)).Select(l => double.Parse(l[4..], CultureInfo.InvariantCulture)).Single();
        return new ChildResult(rates, rss);
    }
}
