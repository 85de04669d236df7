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
        var (code, error) = CliInvocation.Run(["lab", "eval-check", "--levels", "2-5", "--per-level", "5", "--split", "dev", "--out", run, .. extra]);
        Assert.True(code == 0, error);
        var outputs = File.ReadAllLines(Path.Combine(run, "records.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("output").GetString()!).ToArray();
        return (error, outputs, File.ReadAllText(Path.Combine(run, "report.md")));
    }

    // The sums the check lines redo (`17 * 4 makes 68 `): how many have the true value, how many another.
    private static (int Right, int Wrong) RedoneSums(IEnumerable<string> outputs)
    {
        int right = 0, wrong = 0;
        foreach (Match m in outputs.SelectMany(o => Regex.Matches(o, @"(\d+) ([-+*]) (\d+) makes (-?\d+) ")))
        {
            long a = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), b = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            long value = m.Groups[2].Value switch { "+" => a + b, "-" => a - b, _ => a * b };
            if (value.ToString(CultureInfo.InvariantCulture) == m.Groups[4].Value)
                right++;
            else
                wrong++;
        }
        return (right, wrong);
    }

    [Fact]
    public void The_deep_critic_checks_steps_with_the_tools_its_gguf_declares_unless_told_none()
    {
        var (error, outputs, report) = Check("tools");
        Assert.Contains("critic tool: calculator,compare", error, StringComparison.Ordinal);
        Assert.Contains("(tool: calculator,compare)", report, StringComparison.Ordinal);
        Assert.Equal(20, outputs.Length);
        // The calculator writes every redone sum's value.
        var (right, wrong) = RedoneSums(outputs);
        Assert.True(right >= 8 && wrong == 0, $"{right} sums redone right, {wrong} wrong");

        // Alone, the model writes some of the same sums wrong.
        var (plainError, plainOutputs, plainReport) = Check("none", "--critic-tools", "none");
        Assert.Contains("critic tool: none", plainError, StringComparison.Ordinal);
        Assert.Contains("(tool: none)", plainReport, StringComparison.Ordinal);
        Assert.True(RedoneSums(plainOutputs).Wrong > 0, "without the calculator no redone sum was wrong: the tool made no difference");
    }
}
