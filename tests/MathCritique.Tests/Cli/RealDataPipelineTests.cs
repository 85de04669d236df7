using System.Text.Json;
using System.Text.Json.Nodes;
using MathCritique.Tests.Sampling;
using MathCritique.Tests.Serving;

namespace MathCritique.Tests.Cli;

/// <summary>
/// <c>collect</c> on a user's GSM8K-style file with models behind an OpenAI-compatible server (<c>serve</c> on loopback
/// serving the lab models, standing in for vLLM and the like): RG1–RG3 with a model inserter, a model annotator, the
/// Monte-Carlo filter, the critic SFT exports and the ProcessBench-layout file; and what a failing inserter server does.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class RealDataPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-real-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // GSM8K's layout (a worked answer ending in "#### N"), with questions of the lab world the lab models know.
    private string Gsm8kFile(int count)
    {
        string[] lines =
        [
            """{"question": "Ben has 26 cookies. He ends up with 3 times as many. How many cookies does Ben have now?", "answer": "He has 26 * 3 = <<26*3=78>>78 cookies.\n#### 78"}""",
            """{"question": "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?", "answer": "She gets 3 * 6 = <<3*6=18>>18 coins.\nShe has 38 + 18 = <<38+18=56>>56 coins.\n#### 56"}""",
            """{"question": "Ava has 19 cards. Her pile becomes 4 times as big. How many cards does Ava have now?", "answer": "She has 19 * 4 = <<19*4=76>>76 cards.\n#### 76"}""",
        ];
        var path = Path.Combine(_dir, "gsm8k.jsonl");
        File.WriteAllLines(path, lines.Take(count));
        return path;
    }

    private static JsonObject[] JsonLines(string path) => File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();

    [Fact]
    public async Task Real_data_pipeline_collect_through_serve_then_critic_sft_export_then_processbench_file_with_known_labels()
    {
        await using var served = await LabModelsServed.StartAsync();
        var output = Path.Combine(_dir, "collect");
        string[] Collect(params string[] extra) =>
        [
            "collect", "--problems", Gsm8kFile(3), "--prompts", "lab",
            "--actor", served.Address("lab-actor"), "--inserter", served.Address("lab-actor"), "--annotator", served.Address("lab-critic"),
            "--rg1", "1", "--rg2", "1", "--rg3", "2", "--mc-n", "1", "--max-tokens", "64", "--out", output, .. extra,
        ];
        // The command blocks; run it off the test's context while the server answers on the thread pool.
        var (code, error) = await Task.Run(() => CliInvocation.Run(Collect()));
        Assert.True(code == 0, error);

        // collect: every critique record; RG3 by the served model, with its step and mistake type, from right greedy solutions.
        var records = JsonLines(Path.Combine(output, "critiques.jsonl")).ToDictionary(r => (string)r["id"]!);
        var rg3 = records.Values.Where(r => (string?)r["method"] == "rg3_inserted_mistake").ToArray();
        Assert.NotEmpty(rg3);
        Assert.All(rg3, r => Assert.True((bool?)r["base_correct"]));
        Assert.All(rg3, r => Assert.NotNull((string?)r["error_type"]));
        Assert.Contains("inserter", File.ReadAllText(Path.Combine(output, "run.json")), StringComparison.Ordinal);

        // Critic SFT export (the existing exporter): one example per critique the Monte-Carlo filter kept.
        int kept = records.Values.Count(r => (bool)r["kept"]!);
        Assert.Equal(kept, File.ReadAllLines(Path.Combine(output, "critic_sft.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(output, "dataset_info.json")));

        // The ProcessBench-layout file: ProcessBench's fields; each label from where it is known.
        var rows = JsonLines(Path.Combine(output, "processbench.jsonl"));
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var record = records[(string)row["id"]!];
            var steps = row["steps"]!.AsArray().Select(s => (string)s!).ToArray();
            int label = (int)row["label"]!;
            Assert.Equal((string)record["question"]!, (string?)row["problem"]);
            Assert.Equal((bool)record["solution_correct"]!, (bool)row["final_answer_correct"]!);
            Assert.NotEmpty(steps);
            Assert.InRange(label, -1, steps.Length - 1);
            switch ((string?)row["label_source"])
            {
                case "final-answer-correct":
                    Assert.Equal(-1, label);
                    Assert.True((bool)row["final_answer_correct"]!);
                    break;
                case "rg3-inserted":
                    Assert.Equal((int)record["error_step"]! - 1, label);
                    Assert.Equal("rg3_inserted_mistake", (string?)record["method"]);
                    break;
                case "rg2-resampled":
                    Assert.Equal((int)record["error_step"]! - 1, label);
                    Assert.Equal("rg2_resample_from_step", (string?)record["method"]);
                    break;
                default:
                    Assert.Fail($"label source {row["label_source"]} on a problems file (no checker)");
                    break;
            }
        }
        Assert.Contains(rows, r => (string?)r["label_source"] == "rg3-inserted");
        // Every right solution is in it; a wrong RG1 sample (first error unknown) is not.
        Assert.Equal(records.Values.Where(r => (bool)r["solution_correct"]!).Select(r => (string)r["id"]!).Order(),
            rows.Where(r => (bool)r["final_answer_correct"]!).Select(r => (string)r["id"]!).Order());
        Assert.DoesNotContain(rows, r => records[(string)r["id"]!]["method"]!.ToString() == "rg1_sampling" && !(bool)r["final_answer_correct"]!);
        Assert.Contains("processbench.jsonl: solutions by label source", File.ReadAllText(Path.Combine(output, "stats.md")), StringComparison.Ordinal);

        // critic-eval --data on the exported file, the critic behind the same server: every row judged, and the summary's
        // count of erroneous rows is the file's.
        var evalRun = Path.Combine(_dir, "critic-eval");
        (code, error) = await Task.Run(() => CliInvocation.Run("critic-eval", "--data", Path.Combine(output, "processbench.jsonl"),
            "--critic", served.Address("lab-critic"), "--prompts", "lab", "--critic-max-tokens", "300", "--out", evalRun));
        Assert.True(code == 0, error);
        var judged = JsonLines(Path.Combine(evalRun, "records.jsonl"));
        Assert.Equal(rows.Select(r => (string)r["id"]!).Order(), judged.Select(j => (string)j["id"]!).Order());
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(evalRun, "summary.json"))))
        {
            var overall = summary.RootElement.GetProperty("overall");
            Assert.Equal(rows.Length, overall.GetProperty("solutions").GetInt32());
            Assert.InRange(overall.GetProperty("f1").GetProperty("mean").GetDouble(), 0, 1);
            // The same rows by how their labels are known (an RG2 label is a lower bound on the first error).
            var bySource = summary.RootElement.GetProperty("by_label_source");
            foreach (var source in rows.GroupBy(r => (string)r["label_source"]!))
                Assert.Equal(source.Count(), bySource.GetProperty(source.Key).GetProperty("solutions").GetInt32());
        }
        Assert.Contains("| rg3-inserted |", File.ReadAllText(Path.Combine(evalRun, "report.md")), StringComparison.Ordinal);

        // Another inserter setting in the same directory is refused before anything is added.
        var before = File.ReadAllLines(Path.Combine(output, "critiques.jsonl"));
        var (again, refused) = await Task.Run(() => CliInvocation.Run(Collect("--mistake-types", "calculation-error")));
        Assert.Equal(2, again);
        Assert.Contains("run.json", refused, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllLines(Path.Combine(output, "critiques.jsonl")));
    }

    [Fact]
    public void An_inserter_server_that_fails_or_stalls_ends_in_one_line_naming_its_endpoint_and_exit_code_4()
    {
        using var failing = new LoopbackOpenAiServer((_, _) => new LoopbackOpenAiServer.Reply(503, """{"error": {"message": "overloaded"}}"""));
        using var stalling = new LoopbackOpenAiServer((_, _) => LoopbackOpenAiServer.Stall);
        var problems = Gsm8kFile(1);
        foreach (var (server, failure) in new[] { (failing, "HTTP 503"), (stalling, "no answer within") })
        {
            // The actor (in-process) solves the problem, so RG3 asks the inserter; the annotator is never reached.
            var (code, error) = CliInvocation.Run("collect", "--problems", problems, "--prompts", "lab", "--actor", LabModelsServed.ModelPath("lab-actor.gguf"),
                "--annotator", "http://127.0.0.1:9/v1#annotator?cache=off", "--inserter", $"{server.BaseUrl}#inserter?cache=off&retries=0&timeout=1",
                "--rg1", "0", "--rg2", "0", "--rg3", "1", "--max-tokens", "48", "--out", Path.Combine(_dir, "run-" + server.BaseUrl.GetHashCode()));
            Assert.True(code == 4, $"exit code {code}: {error}");
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Contains($"{server.BaseUrl}/chat/completions", line, StringComparison.Ordinal);
            Assert.Contains(failure, line, StringComparison.Ordinal);
            Assert.True(server.Calls >= 1);
        }
    }

    [Fact]
    public void Mistake_types_that_do_not_exist_or_come_without_an_inserter_are_refused_in_one_line()
    {
        var problems = Gsm8kFile(1);
        string[] args = ["collect", "--problems", problems, "--actor", "http://127.0.0.1:9/v1#a?cache=off", "--annotator", "http://127.0.0.1:9/v1#b?cache=off", "--out", Path.Combine(_dir, "run")];
        var (code, error) = CliInvocation.Run([.. args, "--inserter", "http://127.0.0.1:9/v1#c?cache=off", "--mistake-types", "calculation-error,typo"]);
        Assert.Equal(2, code);
        Assert.Equal("error: --mistake-types: 'typo' is not a mistake type (calculation-error, wrong-quantity, wrong-operation, skipped-step, misread-condition).", error.Trim());
        (code, error) = CliInvocation.Run([.. args, "--mistake-types", "calculation-error"]);
        Assert.Equal(2, code);
        Assert.Contains("--mistake-types", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }
}
