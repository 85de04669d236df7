namespace MathCritique.Tests.Cli;

[Collection(nameof(ConsoleCapture))]
public sealed class SelfTalkCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-selftalk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Error) Run(params string[] args) => FailureTests.Run(args);

    [Fact]
    public void Without_a_collect_directory_it_fails_in_one_line_and_exit_code_2()
    {
        var (code, error) = Run("selftalk", "build", "--from", Path.Combine(_dir, "missing"), "--out", Path.Combine(_dir, "out"), "--per-level", "1");
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("critiques.jsonl: not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_other_than_collects_are_refused_naming_both()
    {
        var from = Path.Combine(_dir, "collect");
        Directory.CreateDirectory(from);
        File.WriteAllText(Path.Combine(from, "run.json"), """{ "problem_source": "lab train split, levels 1-5, 2 per level, seed 2024, lab prompts" }""");
        File.WriteAllText(Path.Combine(from, "critiques.jsonl"), "");
        var (code, error) = Run("selftalk", "build", "--from", from, "--out", Path.Combine(_dir, "out"), "--per-level", "3");
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("2 per level", line, StringComparison.Ordinal);
        Assert.Contains("3 per level", line, StringComparison.Ordinal);

        Assert.Equal(0, Run("selftalk", "build", "--from", from, "--out", Path.Combine(_dir, "out"), "--per-level", "2").Code);
        Assert.Contains("0 traces from 0 critique records", File.ReadAllText(Path.Combine(_dir, "out", "stats.md")), StringComparison.Ordinal);
    }
}
