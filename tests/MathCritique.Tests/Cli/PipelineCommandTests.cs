using System.Reflection;
using System.Text.Json;

namespace MathCritique.Tests.Cli;

/// <summary>
/// The pipeline commands end to end on a tiny random model (real llama.cpp engine, real lab problems): they run,
/// write what they promise, and resume. The models' answers are noise; the plumbing is what is tested here.
/// </summary>
public sealed class PipelineCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!;

    private string TinyModel()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "1024", "--seed", "4"));
        return model;
    }

    [Fact]
    public void Eval_writes_records_summary_report_and_resumes_only_the_same_run()
    {
        var model = TinyModel();
        var run = Path.Combine(_dir, "eval");
        string[] args = ["eval", "--actor", model, "--critic", model, "--levels", "1-2", "--per-level", "2", "--samples", "2", "--rounds", "1",
            "--max-tokens", "16", "--critic-max-tokens", "24", "--out", run];
        Assert.Equal(0, Run(args));
        var records = File.ReadAllLines(Path.Combine(run, "records.jsonl"));
        Assert.Equal(4, records.Length);
        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.StartsWith("# ", report, StringComparison.Ordinal);
        Assert.Contains("| level | problems |", report, StringComparison.Ordinal);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))))
            Assert.Equal(4, summary.RootElement.GetProperty("problems").GetInt32());

        // Same run again: nothing to do, nothing duplicated. Other options in the same directory: refused.
        Assert.Equal(0, Run(args));
        Assert.Equal(records, File.ReadAllLines(Path.Combine(run, "records.jsonl")));
        Assert.Equal(2, Run([.. args, "--seed", "9"]));
        // The split is part of the run: dev problems are another run; a split that does not exist is bad input.
        Assert.Contains("lab test split", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        Assert.Equal(2, Run([.. args, "--split", "dev"]));
        Assert.Equal(2, Run([.. args, "--split", "val"]));
    }

    [Fact]
    public void A_model_profile_file_names_models_with_their_settings()
    {
        var model = TinyModel();
        var profiles = Path.Combine(_dir, "models.json");
        File.WriteAllText(profiles, JsonSerializer.Serialize(new { models = new Dictionary<string, object> { ["tiny"] = new { address = model, prompts = "paper" } } }));
        var run = Path.Combine(_dir, "eval-profile");
        string[] args = ["eval", "--models", profiles, "--critic", "tiny", "--levels", "1", "--per-level", "1", "--samples", "1", "--rounds", "1",
            "--max-tokens", "8", "--critic-max-tokens", "8"];
        Assert.Equal(0, Run([.. args, "--actor", "tiny?tools=none", "--out", run]));
        // The profile's prompt set reached the run (the critic's declared prompts name the run's prompt set).
        Assert.Contains("paper prompts", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        // A name the profile does not have is an address: a missing model file (exit 3).
        Assert.Equal(3, Run([.. args, "--actor", "small", "--out", Path.Combine(_dir, "eval-missing")]));
    }

    [Fact]
    public void Generate_samples_every_prompt_of_a_file_and_keeps_each_line_s_fields()
    {
        var model = TinyModel();
        var prompts = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllText(prompts, "{\"prompt\": \"2+2\", \"expected\": \"4\"}\n\n{\"prompt\": \"3+3\"}\n");
        var output = Path.Combine(_dir, "generated.jsonl");
        Assert.Equal(0, Run("generate", "-m", model, "--prompt-file", prompts, "--n", "2", "-t", "0.8", "--max-tokens", "8", "--out", output));
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["2+2", "3+3"], lines.Select(l => l.GetProperty("prompt").GetString()));
        Assert.Equal("4", lines[0].GetProperty("expected").GetString());
        Assert.All(lines, l => Assert.Equal(2, l.GetProperty("completions").GetArrayLength()));

        // A line without a prompt is refused, naming the file and line; --prompt and --prompt-file together too.
        File.WriteAllText(prompts, "{\"prompt\": \"2+2\"}\n{\"text\": \"x\"}\n");
        Assert.Equal(2, Run("generate", "-m", model, "--prompt-file", prompts, "--out", output));
        Assert.NotEqual(0, Run("generate", "-m", model, "--prompt-file", prompts, "--prompt", "1+1"));
    }

    [Fact]
    public void Collect_with_the_oracle_writes_critiques_exports_and_stats()
    {
        var model = TinyModel();
        var output = Path.Combine(_dir, "collect");
        Assert.Equal(0, Run("collect", "--actor", model, "--levels", "2", "--per-level", "2", "--split", "train", "--rg1", "2", "--rg2", "1", "--rg3", "2",
            "--mc-n", "1", "--max-tokens", "16", "--out", output));
        var lines = File.ReadAllLines(Path.Combine(output, "critiques.jsonl"));
        Assert.True(lines.Length >= 4, $"{lines.Length} records");
        // RG1 and RG2 (a random model's greedy text has no computation for RG3 to corrupt; RG3 is covered in Collection tests).
        Assert.Contains(lines, l => l.Contains("/rg1/", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/rg2/", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, "stats.md")));
        Assert.True(File.Exists(Path.Combine(output, "dataset_info.json")));
        // Re-running a finished collection adds nothing.
        int Collect(string rg1) => Run("collect", "--actor", model, "--levels", "2", "--per-level", "2", "--split", "train", "--rg1", rg1, "--rg2", "1", "--rg3", "2",
            "--mc-n", "1", "--max-tokens", "16", "--out", output);
        Assert.Equal(0, Collect("2"));
        Assert.Equal(lines, File.ReadAllLines(Path.Combine(output, "critiques.jsonl")));
        // A different run is refused and adds nothing: other options, or another model at the same path.
        Assert.NotEqual(0, Collect("3"));
        Assert.Equal(0, Run("model", "tag", "--model", model, "--prompts", "paper"));
        Assert.NotEqual(0, Collect("2"));
        Assert.Equal(lines, File.ReadAllLines(Path.Combine(output, "critiques.jsonl")));
    }

    [Fact]
    public void A_tagged_critic_is_asked_with_the_prompt_set_it_declares_unless_prompts_says_otherwise()
    {
        var model = TinyModel();
        Assert.Equal(2, Run("model", "tag", "--model", model, "--prompts", "no-such-set"));
        Assert.Equal(0, Run("model", "tag", "--model", model, "--prompts", "lab-stepwise"));
        Assert.Equal("lab-stepwise", MathCritique.LlamaCpp.Gguf.GgufFile.Open(model).GetString("mathcritique.prompts"));
        string Problems(string run, params string[] extra)
        {
            Assert.Equal(0, Run(["eval", "--actor", model, "--critic", model, "--levels", "1", "--per-level", "1", "--samples", "1", "--rounds", "1",
                "--max-tokens", "8", "--critic-max-tokens", "8", "--out", Path.Combine(_dir, run), .. extra]));
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, run, "run.json")));
            return config.RootElement.GetProperty("problem_source").GetString()!;
        }
        Assert.EndsWith(", lab-stepwise prompts", Problems("declared"), StringComparison.Ordinal);
        Assert.EndsWith(", lab prompts", Problems("asked", "--prompts", "lab"), StringComparison.Ordinal);
        Assert.Equal(0, Run("model", "tag", "--model", model, "--prompts", "none"));
        Assert.Null(MathCritique.LlamaCpp.Gguf.GgufFile.Open(model).GetString("mathcritique.prompts"));
        Assert.EndsWith(", lab prompts", Problems("untagged"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_critic_tagged_with_tools_runs_with_them_unless_told_otherwise()
    {
        var model = TinyModel();
        Assert.Equal(2, Run("model", "tag", "--model", model));
        Assert.Equal(2, Run("model", "tag", "--model", model, "--tool", "abacus"));
        Assert.Equal(2, Run("model", "tag", "--model", model, "--tool", "calculator,calculator"));
        Assert.Equal(0, Run("model", "tag", "--model", model, "--tool", "calculator"));
        Assert.Equal("calculator", MathCritique.LlamaCpp.Gguf.GgufFile.Open(model).GetString("mathcritique.tool"));
        string? Tool(string run, params string[] extra)
        {
            Assert.Equal(0, Run(["eval", "--actor", model, "--critic", model, "--levels", "1", "--per-level", "1", "--samples", "1", "--rounds", "1",
                "--max-tokens", "8", "--critic-max-tokens", "8", "--out", Path.Combine(_dir, run), .. extra]));
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, run, "run.json")));
            // No tool, no field (run.json leaves nulls out).
            return config.RootElement.GetProperty("loop").GetProperty("critic_sampling").TryGetProperty("tool", out var tool) ? tool.GetProperty("name").GetString() : null;
        }
        Assert.Equal("calculator", Tool("declared"));
        Assert.Null(Tool("off", "--critic-tools", "none"));
        Assert.Equal("calculator,compare", Tool("both", "--critic-tools", "calculator,compare"));
        Assert.NotEqual(0, Run("eval", "--actor", model, "--critic", model, "--critic-tools", "abacus", "--out", Path.Combine(_dir, "abacus")));
        // The prompt set tag is left as it was.
        Assert.Null(MathCritique.LlamaCpp.Gguf.GgufFile.Open(model).GetString("mathcritique.prompts"));
        Assert.Equal(0, Run("model", "tag", "--model", model, "--tool", "none"));
        Assert.Null(Tool("untagged"));
        Assert.Equal("compare", Tool("asked", "--critic-tools", "compare"));
        Assert.Equal(0, Run("model", "tag", "--model", model, "--tool", "calculator,compare"));
        Assert.Equal("calculator,compare", Tool("declared both"));
    }

    [Fact]
    public void Critic_eval_and_eval_actor_write_their_metrics()
    {
        var model = TinyModel();
        var output = Path.Combine(_dir, "critic-eval");
        Assert.Equal(0, Run("critic-eval", "--actor", model, "--critic", model, "--levels", "1", "--per-level", "2", "--samples", "1", "--out", output));
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
            Assert.Equal(2, metrics.RootElement.GetProperty("overall").GetProperty("solutions").GetInt32());
        // One step at a time: the same metrics, from critiques assembled step by step.
        var stepwise = Path.Combine(_dir, "critic-eval-stepwise");
        Assert.Equal(0, Run("critic-eval", "--actor", model, "--critic", model, "--levels", "1", "--per-level", "2", "--samples", "1", "--prompts", "lab-stepwise",
            "--critic-max-tokens", "24", "--out", stepwise));
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(stepwise, "metrics.json"))))
            Assert.Equal(2, metrics.RootElement.GetProperty("overall").GetProperty("solutions").GetInt32());
        var actorRun = Path.Combine(_dir, "actor");
        Assert.Equal(0, Run("lab", "eval-actor", "--model", model, "--levels", "1", "--per-level", "3", "--out", actorRun));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(actorRun, "records.jsonl")).Length);
        Assert.Contains("| all | 3 |", File.ReadAllText(Path.Combine(actorRun, "report.md")), StringComparison.Ordinal);
        Assert.Contains("lab test split", File.ReadAllText(Path.Combine(actorRun, "report.md")), StringComparison.Ordinal);
        var devRun = Path.Combine(_dir, "actor-dev");
        Assert.Equal(0, Run("lab", "eval-actor", "--model", model, "--levels", "1", "--per-level", "2", "--split", "dev", "--no-refine", "--out", devRun));
        Assert.All(File.ReadAllLines(Path.Combine(devRun, "records.jsonl")), r => Assert.Contains("\"lab-L1-dev-", r, StringComparison.Ordinal));
        Assert.Contains("lab dev split", File.ReadAllText(Path.Combine(devRun, "report.md")), StringComparison.Ordinal);
    }
}
