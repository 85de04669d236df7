using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MathCritique.Tests.Cli;

/// <summary><c>lab eval-check</c> on the shipped deep critic (real llama.cpp engine): with the tools its GGUF declares, and without.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class LabEvalCheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-eval-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Error, string[] Outputs, string Report) Check(string name, params string[] extra)
    {
        var run = Path.Combine(_dir, name);
        var (code, error) = CliInvocation.Run(["lab", "eval-check", "--levels", "2", "--per-level", "6", "--split", "dev", "--out", run, .. extra]);
        Assert.True(code == 0, error);
        var outputs = File.ReadAllLines(Path.Combine(run, "records.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("output").GetString()!).ToArray();
        return (error, outputs, File.ReadAllText(Path.Combine(run, "report.md")));
    }

    [Fact]
    public void The_deep_critic_checks_steps_with_the_tools_its_gguf_declares_unless_told_none()
    {
        var (error, outputs, report) = Check("tools");
        Assert.Contains("critic tool: calculator,compare", error, StringComparison.Ordinal);
        Assert.Contains("(tool: calculator,compare)", report, StringComparison.Ordinal);
        Assert.Equal(6, outputs.Length);
        // The calculator writes every redone sum's value.
        int redone = 0;
        foreach (Match m in outputs.SelectMany(o => Regex.Matches(o, @"(\d+) ([-+*]) (\d+) makes (-?\d+) ")))
        {
            long a = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), b = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            long value = m.Groups[2].Value switch { "+" => a + b, "-" => a - b, _ => a * b };
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), m.Groups[4].Value);
            redone++;
        }
        Assert.True(redone >= 3, $"{redone} sums redone");

        var (plainError, _, plainReport) = Check("none", "--critic-tools", "none");
        Assert.Contains("critic tool: none", plainError, StringComparison.Ordinal);
        Assert.Contains("(tool: none)", plainReport, StringComparison.Ordinal);
    }
}
