using System.Text.Json;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Serving;

namespace MathCritique.Tests.Cli;

/// <summary>
/// <c>critic-eval --data</c> end to end: the shipped lab critic (real llama.cpp engine) on step-labelled files in
/// ProcessBench's and PRM800K's layouts, in-process and behind an OpenAI-compatible server on loopback; a tiny random
/// model with a critic prompt file; bad input.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class CriticEvalDataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-critic-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // Lab problems, so that the lab critic reads them as it was trained to: one right solution, one wrong at step 2.
    private string ProcessBenchFile() => Write("gsm8k.jsonl", """
        {"id": "gsm8k-0", "generator": "hand", "problem": "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?", "steps": ["She gets 3 * 6 = 18 coins.", "She has 38 + 18 = 56 coins.", "The answer is 56."], "final_answer_correct": true, "label": -1}
        {"id": "gsm8k-1", "generator": "hand", "problem": "Lena has 39 pencils. She loses 2. She wins 9 more. How many pencils does Lena have now?", "steps": ["She has 39 - 2 = 37 pencils left.", "She has 37 + 9 = 48 pencils.", "The answer is 48."], "final_answer_correct": false, "label": 1}
        """);

    // A PRM800K trajectory whose first step is rated -1 (the file's name, its subset, is kept as written).
    private string Prm800kFile() => Write("PRM800K.jsonl", """
        {"question": {"problem": "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?"}, "label": {"steps": [{"completions": [{"text": "She gets 3 * 6 = 19 coins.", "rating": -1}], "chosen_completion": null}], "finish_reason": "found_error"}}
        """);

    [Fact]
    public void The_lab_critic_on_processbench_and_prm800k_files_gives_the_metrics_its_records_imply_and_resumes()
    {
        var run = Path.Combine(_dir, "run");
        string[] args = ["critic-eval", "--data", ProcessBenchFile(), Prm800kFile(), "--critic", "models/lab-critic-deep.gguf", "--out", run];
        var (code, error) = CliInvocation.Run(args);
        Assert.True(code == 0, error);
        Assert.Contains("data: 3 solutions, 2 with a wrong step", error, StringComparison.Ordinal);
        Assert.Contains("prompts: lab-stepwise", error, StringComparison.Ordinal); // what the critic's GGUF declares

        var records = File.ReadAllLines(Path.Combine(run, "records.jsonl"));
        var judged = records.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["gsm8k/gsm8k-0", "gsm8k/gsm8k-1", "PRM800K/PRM800K-1"], judged.Select(j => $"{j.GetProperty("subset").GetString()}/{j.GetProperty("id").GetString()}"));
        Assert.Equal([-1, 1, 0], judged.Select(j => j.GetProperty("label").GetInt32()));
        // The summary's figures are the records' own: ProcessBench's matches counted by hand.
        int? Predicted(JsonElement j) => j.TryGetProperty("predicted", out var p) ? p.GetInt32() : null;
        var erroneous = judged.Where(j => j.GetProperty("label").GetInt32() >= 0).ToArray();
        double erroneousAccuracy = erroneous.Count(j => Predicted(j) == j.GetProperty("label").GetInt32()) / (double)erroneous.Length;
        double correctAccuracy = Predicted(judged[0]) == -1 ? 1 : 0;
        double f1 = erroneousAccuracy + correctAccuracy == 0 ? 0 : 2 * erroneousAccuracy * correctAccuracy / (erroneousAccuracy + correctAccuracy);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))))
        {
            var overall = summary.RootElement.GetProperty("overall");
            Assert.Equal(3, overall.GetProperty("solutions").GetInt32());
            Assert.Equal(erroneousAccuracy, overall.GetProperty("erroneous_accuracy").GetProperty("mean").GetDouble(), 12);
            Assert.Equal(correctAccuracy, overall.GetProperty("correct_accuracy").GetProperty("mean").GetDouble(), 12);
            Assert.Equal(f1, overall.GetProperty("f1").GetProperty("mean").GetDouble(), 12);
            Assert.Equal(["gsm8k", "PRM800K"], summary.RootElement.GetProperty("by_subset").EnumerateObject().Select(p => p.Name));
        }
        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("| subset | solutions | erroneous |", report, StringComparison.Ordinal);
        Assert.Contains("![processbench-metrics](processbench-metrics.png)", report, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(run, "processbench-metrics.png")).Length > 1000);

        // Again: every solution is recorded, nothing is asked or appended. Other options in the same directory: refused.
        Assert.Equal(0, CliInvocation.Run(args).Code);
        Assert.Equal(records, File.ReadAllLines(Path.Combine(run, "records.jsonl")));
        var (other, otherError) = CliInvocation.Run([.. args, "--seed", "4"]);
        Assert.Equal(2, other);
        Assert.Contains("describes a different run", otherError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_critic_behind_an_openai_compatible_server_is_evaluated_the_same_way()
    {
        using var critic = await LlamaSampler.LoadAsync(Path.Combine(AppContext.BaseDirectory, "models", "lab-critic-deep.gguf"),
            new LlamaEngineOptions { ContextSize = 4096, MaxParallelSequences = 8, Threads = 2 });
        await using var server = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { ["lab-critic"] = critic }, new ServerOptions { Port = 0 });
        var run = Path.Combine(_dir, "served");
        // A server's model declares no prompt set: the address's settings say which (without them: the paper's).
        var data = Write("served.jsonl", File.ReadAllLines(ProcessBenchFile())[1]); // the wrong solution
        var (code, error) = await Task.Run(() => CliInvocation.Run("critic-eval", "--data", data,
            "--critic", $"{server.BaseUrl}#lab-critic?prompts=lab-stepwise&cache=off", "--critic-max-tokens", "300", "--out", run));
        Assert.True(code == 0, error);
        Assert.Contains("prompts: lab-stepwise; critic tool: none", error, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl, File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        var records = File.ReadAllLines(Path.Combine(run, "records.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal("gsm8k-1", Assert.Single(records).GetProperty("id").GetString());
        // The stepwise critique was assembled from the server's step judgements.
        Assert.All(records, r => Assert.StartsWith("Step sentence: ", r.GetProperty("critique").GetString(), StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("overall").GetProperty("solutions").GetInt32());
    }

    [Fact]
    public void A_critic_prompt_file_reaches_the_critic_and_unreadable_critiques_count_as_misses()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        Assert.Equal(0, CliInvocation.Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "1024", "--seed", "4").Code);
        var prompt = Write("critic-prompt.txt", "Problem: {problem}\n{steps}\n{format}");
        var run = Path.Combine(_dir, "tiny-run");
        var (code, error) = CliInvocation.Run("critic-eval", "--data", ProcessBenchFile(), Prm800kFile(), "--critic", model, "--critic-prompt", prompt,
            "--critic-max-tokens", "8", "--out", run);
        Assert.True(code == 0, error);
        Assert.Contains("\"prompts\": \"critic-prompt.txt (sha256 ", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        // Eight random tokens are no critique: three parse failures, and every accuracy (hence F1) is 0.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var overall = summary.RootElement.GetProperty("overall");
        Assert.Equal(3, overall.GetProperty("parse_failures").GetInt32());
        foreach (var metric in new[] { "erroneous_accuracy", "correct_accuracy", "f1", "verdict_accuracy" })
            Assert.Equal(0, overall.GetProperty(metric).GetProperty("mean").GetDouble());
    }

    [Theory]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"], "label": -1}""" + "\n{\"id\": \"b\", \"problem\": ", ":2: malformed JSON")]
    [InlineData("""{"id": "a", "problem": "p", "label": -1}""", """:1: missing field "steps" """)]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x", "y"], "label": 5}""", ":1: label 5 is out of range")]
    public void Bad_data_ends_in_one_line_naming_the_file_and_line_and_exit_code_2(string text, string expected)
    {
        var data = Write("bad.jsonl", text);
        var (code, error) = CliInvocation.Run("critic-eval", "--data", data, "--critic", Path.Combine(_dir, "missing.gguf"), "--out", Path.Combine(_dir, "bad-run"));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {data}{expected.TrimEnd()}", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_critic_prompt_without_its_placeholders_and_data_with_problems_are_refused_before_a_model_opens()
    {
        var data = ProcessBenchFile();
        var prompt = Write("no-problem.txt", "Check this: {solution}");
        var missingModel = Path.Combine(_dir, "missing.gguf");
        var (code, error) = CliInvocation.Run("critic-eval", "--data", data, "--critic", missingModel, "--critic-prompt", prompt);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {prompt}: the critic prompt has no {{problem}} placeholder", error, StringComparison.Ordinal);

        (code, error) = CliInvocation.Run("critic-eval", "--data", data, "--problems", data, "--critic", missingModel);
        Assert.Equal(2, code);
        Assert.Contains("--data and --problems", error, StringComparison.Ordinal);
    }
}
