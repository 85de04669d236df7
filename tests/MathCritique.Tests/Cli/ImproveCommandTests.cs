using System.Text.Json;

namespace MathCritique.Tests.Cli;

/// <summary>
/// <c>improve</c> end to end on a tiny random model (real engine, real trainer, lab problems): it runs every arm,
/// writes its records, summary, report and plots, resumes a finished run without redoing anything, and refuses a run
/// directory started with other settings, naming the first difference. The model's answers are noise; the plumbing is tested.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class ImproveCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-improve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Error) Run(params string[] args) => CliInvocation.Run(args);

    [Fact]
    public void Improve_runs_every_arm_resumes_and_refuses_other_settings_naming_the_first_difference()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "512", "--seed", "4").Code);
        var run = Path.Combine(_dir, "improve");
        string[] args = ["improve", "--actor", model, "--critic", model, "--prompts", "lab", "--iterations", "2", "--train-levels", "1-2", "--train-per-level", "1", "--difficulty-aware",
            "--eval-levels", "1-2", "--eval-per-level", "1", "--refinements", "1", "--seed-per-level", "2", "--train-examples", "4", "--batch", "2",
            "--max-tokens", "12", "--critic-max-tokens", "12", "--out", run, "--samples"];
        var (code, error) = Run([.. args, "3"]);
        Assert.True(code == 0, error);

        foreach (var arm in new[] { "critique", "vanilla", "compute-matched" })
        {
            foreach (var iteration in new[] { "iteration-1", "iteration-2" })
            {
                foreach (var file in new[] { "exploration.jsonl", "decisions.jsonl", "sft.json", "training.json", "eval.jsonl", "iteration.json", "actor.gguf", "sft/sft_sharegpt.json" })
                    Assert.True(File.Exists(Path.Combine(run, arm, iteration, file)), $"{arm}/{iteration}/{file}");
            }
        }
        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.StartsWith("# MathCritique self-improvement", report, StringComparison.Ordinal);
        Assert.Contains("| arm | iteration | level 1 | level 2 | all | 95% CI |", report, StringComparison.Ordinal);
        Assert.Contains("accuracy-by-iteration.png", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "accuracy-by-iteration.png")));
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))))
        {
            var iterations = summary.RootElement.GetProperty("iterations").EnumerateArray().ToArray();
            Assert.Equal(9, iterations.Length); // base + 2 iterations, per arm
            // Difficulty-aware: the level-2 problem gets more of the same total (N × problems) in the first iteration.
            Assert.All(iterations.Where(i => i.GetProperty("arm").GetString() != "compute_matched" && i.GetProperty("iteration").GetInt32() > 0),
                i => Assert.Equal(6, i.GetProperty("exploration").GetProperty("first_attempts").GetInt32()));
        }
        var firstWave = File.ReadAllLines(Path.Combine(run, "vanilla", "iteration-1", "exploration.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).OrderBy(e => e.GetProperty("level").GetInt32()).Select(e => e.GetProperty("samples").GetArrayLength());
        Assert.Equal([2, 4], firstWave);

        // Done already: nothing is redone (the records and the trained model are untouched).
        var explored = File.ReadAllText(Path.Combine(run, "critique", "iteration-2", "exploration.jsonl"));
        var written = File.GetLastWriteTimeUtc(Path.Combine(run, "vanilla", "iteration-2", "actor.gguf"));
        Assert.Equal(0, Run([.. args, "3"]).Code);
        Assert.Equal(explored, File.ReadAllText(Path.Combine(run, "critique", "iteration-2", "exploration.jsonl")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(run, "vanilla", "iteration-2", "actor.gguf")));

        // selftalk build reads every arm's and iteration's exploration records (noise makes no traces) on the run's training problems.
        var build = Path.Combine(_dir, "selftalk");
        (code, error) = Run("selftalk", "build", "--from", run, "--out", build, "--levels", "1-2", "--per-level", "1");
        Assert.True(code == 0, error);
        var stats = File.ReadAllText(Path.Combine(build, "stats.md"));
        Assert.Contains("Read from an improve run directory", stats, StringComparison.Ordinal);
        int critiqued = File.ReadAllLines(Path.Combine(run, "critique", "iteration-1", "exploration.jsonl"))
            .Sum(l => JsonDocument.Parse(l).RootElement.GetProperty("samples").EnumerateArray().Sum(s => s.GetProperty("rounds").GetArrayLength()));
        Assert.Contains($"| critique/iteration-1 | {critiqued} |", stats, StringComparison.Ordinal);
        Assert.Contains("| compute-matched/iteration-2 | 0 |", stats, StringComparison.Ordinal);
        (code, error) = Run("selftalk", "build", "--from", run, "--out", build, "--levels", "1-2", "--per-level", "1", "--lab-seed", "7");
        Assert.Equal(2, code);
        Assert.Contains("--train-per-level", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        (code, error) = Run([.. args, "2"]);
        Assert.Equal(2, code);
        Assert.Contains("run.json", error, StringComparison.Ordinal);
        Assert.Contains("`\"samples\": 3,`", error, StringComparison.Ordinal);
        Assert.Contains("`\"samples\": 2,`", error, StringComparison.Ordinal);
        // Bad input ends in one line and exit code 2.
        (code, error) = Run(["improve", "--actor", model, "--critic", "none", "--arms", "critique", "--out", run]);
        Assert.Equal(2, code);
        Assert.Contains("--critic none", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trainer_file_with_a_mistake_is_refused_in_one_line_naming_the_file_and_field_before_anything_runs()
    {
        var trainer = Path.Combine(_dir, "trainer.json");
        File.WriteAllText(trainer, """{ "kind": "llamafactory", "command": "llamafactory-cli train {yaml}", "templat": "qwen" }""");
        var run = Path.Combine(_dir, "run-bad-trainer");
        var (code, error) = Run(["improve", "--critic", "none", "--trainer", trainer, "--out", run]);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("trainer.json", error, StringComparison.Ordinal);
        Assert.Contains("templat", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "run.json")));

        (code, error) = Run(["improve", "--critic", "none", "--trainer", Path.Combine(_dir, "missing.json"), "--out", run]);
        Assert.NotEqual(0, code);
        Assert.Contains("missing.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Improve_on_problem_files_trains_on_the_file_problems_and_refuses_a_held_out_question_that_is_trained_on()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "512", "--seed", "5").Code);
        // GSM8K's layout: the answer after ####, the solution before it (the seed file's reference solutions are trained on).
        string Gsm8k(params (string Question, string Answer)[] problems) =>
            string.Join('\n', problems.Select(p => JsonSerializer.Serialize(new { question = p.Question, answer = $"She has {p.Answer} now.\n#### {p.Answer}" })));
        var train = Path.Combine(_dir, "train.jsonl");
        var heldOut = Path.Combine(_dir, "test.jsonl");
        var seed = Path.Combine(_dir, "seed.jsonl");
        File.WriteAllText(train, Gsm8k(("Ann has 3 apples and buys 4 more. How many apples does she have?", "7"), ("Bo has 9 pens and gives away 2. How many are left?", "7")));
        File.WriteAllText(heldOut, Gsm8k(("Cy has 5 cats and gets 1 more. How many cats?", "6")));
        File.WriteAllText(seed, Gsm8k(("Di has 2 hats and buys 2 more. How many hats?", "4")));
        var run = Path.Combine(_dir, "improve-files");
        var (code, error) = Run("improve", "--actor", model, "--critic", "none", "--iterations", "1", "--samples", "2", "--problems", train, "--eval-problems", heldOut,
            "--seed-problems", seed, "--train-examples", "4", "--batch", "2", "--max-tokens", "12", "--out", run);
        Assert.True(code == 0, error);
        var explored = File.ReadAllLines(Path.Combine(run, "vanilla", "iteration-1", "exploration.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["gsm8k-train-0", "gsm8k-train-1"], explored.Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["gsm8k-test-0"], File.ReadAllLines(Path.Combine(run, "vanilla", "iteration-1", "eval.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        var manifest = File.ReadAllText(Path.Combine(run, "run.json"));
        Assert.Contains("files: train train.jsonl, held-out test.jsonl, seed seed.jsonl, paper prompts", manifest, StringComparison.Ordinal);
        using (var sft = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "vanilla", "iteration-1", "sft.json"))))
            Assert.Contains("seed", sft.RootElement.GetRawText(), StringComparison.Ordinal);

        // A held-out question that is also a training question (other spacing and case) would be trained on: refused in one line naming the file.
        File.WriteAllText(heldOut, Gsm8k(("ann has 3 apples and  buys 4 more. How many apples does she have?", "7")));
        (code, error) = Run("improve", "--actor", model, "--critic", "none", "--problems", train, "--eval-problems", heldOut, "--out", Path.Combine(_dir, "leak"));
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("test.jsonl", error, StringComparison.Ordinal);
        Assert.Contains("gsm8k-test-0", error, StringComparison.Ordinal);
        (code, error) = Run("improve", "--actor", model, "--critic", "none", "--problems", train, "--out", Path.Combine(_dir, "no-held-out"));
        Assert.Equal(2, code);
        Assert.Contains("--eval-problems", error, StringComparison.Ordinal);
    }
}
