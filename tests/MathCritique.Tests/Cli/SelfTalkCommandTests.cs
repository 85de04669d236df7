using System.Text.Json;
using MathCritique.SelfTalk;
using MathCritique.Training;

namespace MathCritique.Tests.Cli;

[Collection(nameof(ConsoleCapture))]
public sealed class SelfTalkCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-selftalk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Error) Run(params string[] args) => FailureTests.Run(args);

    [Fact]
    public void Without_a_collect_or_improve_directory_it_fails_in_one_line_naming_it_and_exit_code_2()
    {
        // Missing, or there but neither layout (an improve run.json without exploration records).
        var notARun = Path.Combine(_dir, "not-a-run");
        Directory.CreateDirectory(Path.Combine(notARun, "critique", "iteration-1"));
        File.WriteAllText(Path.Combine(notARun, "run.json"), "{}");
        foreach (var from in new[] { Path.Combine(_dir, "missing"), notARun })
        {
            var (code, error) = Run("selftalk", "build", "--from", from, "--out", Path.Combine(_dir, "out"), "--per-level", "1");
            Assert.Equal(2, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{from}: neither a collect output directory (critiques.jsonl) nor an improve run directory", line, StringComparison.Ordinal);
        }
        // Arms and iterations choose what to read of an improve run only.
        var collect = Path.Combine(_dir, "collect");
        Directory.CreateDirectory(collect);
        File.WriteAllText(Path.Combine(collect, "critiques.jsonl"), "");
        var (armsCode, armsError) = Run("selftalk", "build", "--from", collect, "--out", Path.Combine(_dir, "out"), "--per-level", "1", "--arms", "critique");
        Assert.Equal(2, armsCode);
        Assert.Contains("no arms or iterations", armsError, StringComparison.Ordinal);
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
        Assert.False(JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "stats.json"))).RootElement.GetProperty("mask_retracted").GetBoolean());

        Assert.Equal(0, Run("selftalk", "build", "--from", from, "--out", Path.Combine(_dir, "masked"), "--per-level", "2", "--mask-retracted").Code);
        Assert.True(JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "masked", "stats.json"))).RootElement.GetProperty("mask_retracted").GetBoolean());
    }

    /// <summary>
    /// A build directory with two traces and, for the plain set, each trace's final solution padded with answer lines
    /// to exactly the trace's bytes, in two halves: as many tokens, more examples.
    /// </summary>
    private async Task<string> WriteBuildAsync()
    {
        var build = Path.Combine(_dir, "build");
        var selfTalk = new List<SftExample>();
        var plain = new List<SftExample>();
        foreach (int i in new[] { 2, 5 })
        {
            string prompt = $"Ann has {i} apples and buys {i} more. How many?";
            string trace = string.Join('\n', $"She has {i} + {i} = {2 * i + 1} apples.", SelfTalkFormat.CheckLine(1, $"{i} + {i} is {2 * i}.", right: false),
                SelfTalkFormat.CorrectionLine(1), $"She has {i} + {i} = {2 * i} apples.", $"The answer is {2 * i}.");
            string filler = string.Concat(Enumerable.Repeat($"The answer is {2 * i}.\n", 40));
            int half = trace.Length / 2;
            selfTalk.Add(new SftExample(prompt, trace));
            plain.Add(new SftExample(prompt, filler[..half]));
            plain.Add(new SftExample(prompt, filler[..(trace.Length - half)]));
        }
        await SelfTalkBuild.SelfTalkFiles.ExportAsync(selfTalk, Path.Combine(build, SelfTalkBuild.SelfTalkDirectory));
        await SelfTalkBuild.PlainCotFiles.ExportAsync(plain, Path.Combine(build, SelfTalkBuild.PlainCotDirectory));
        return build;
    }

    [Fact]
    public async Task Train_then_eval_end_to_end_on_a_tiny_model_writes_both_actors_records_report_summary_and_plot()
    {
        var build = await WriteBuildAsync();
        var model = Path.Combine(_dir, "base.gguf");
        var trained = Path.Combine(_dir, "trained");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "512", "--seed", "3").Code);
        Assert.Equal(0, Run("selftalk", "train", "--from", build, "--base", model, "--out", trained, "--batch", "1", "--lr", "3e-3", "--threads", "1").Code);
        var steps = new[] { "selftalk", "plain-cot" }.Select(arm =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(trained, arm, SelfTalkTraining.TrainingFile))).RootElement.GetProperty("steps").GetInt32()).ToArray();
        Assert.Equal([2, 2], steps); // two traces one by one; four plain examples two by two

        var eval = Path.Combine(_dir, "eval");
        string[] args = ["selftalk", "eval", "--selftalk", Path.Combine(trained, "selftalk", "model.gguf"), "--plain", Path.Combine(trained, "plain-cot", "model.gguf"),
            "--levels", "1-2", "--per-level", "1", "--max-tokens", "8", "--out", eval];
        Assert.Equal(0, Run(args).Code);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(eval, SelfTalkEvaluation.RecordsFile)).Length);
        Assert.True(new FileInfo(Path.Combine(eval, "accuracy-by-level.png")).Length > 0);
        Assert.Contains("accuracy-by-level.png", File.ReadAllText(Path.Combine(eval, SelfTalkEvaluation.ReportFile)), StringComparison.Ordinal);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(eval, SelfTalkEvaluation.SummaryFile))).RootElement;
        Assert.Equal(2, summary.GetProperty("overall").GetProperty("problems").GetInt32());
        Assert.Equal(2, summary.GetProperty("levels").GetArrayLength());
        // Another model into the same run directory is refused in one line.
        var (code, error) = Run([.. args[..3], model, .. args[4..]]);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
