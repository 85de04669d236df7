using System.Reflection;

namespace MathCritique.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!;

    [Fact]
    public void Model_new_then_train_writes_a_trained_gguf_and_a_loss_log()
    {
        var model = Path.Combine(_dir, "m.gguf");
        var data = Path.Combine(_dir, "sft.jsonl");
        var output = Path.Combine(_dir, "t.gguf");
        var log = Path.Combine(_dir, "log.csv");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "128", "--seed", "3"));
        File.WriteAllLines(data, Enumerable.Range(0, 8).Select(i => $"{{\"prompt\": \"{i}+1\", \"completion\": \"{i + 1}\"}}"));
        Assert.Equal(0, Run("train", "--model", model, "--data", data, "--out", output, "--epochs", "3", "--batch", "4", "--lr", "3e-3",
            "--eval-fraction", "0.25", "--threads", "1", "--log", log));
        Assert.True(new FileInfo(output).Length > 0);
        var lines = File.ReadAllLines(log);
        Assert.Equal("step,epoch,loss,lr,tokens_per_s,eval_loss", lines[0]);
        Assert.Equal(3 * 2 + 3, lines.Length - 1); // 2 steps per epoch plus one held-out line per epoch
    }

    [Fact]
    public void Malformed_data_and_bad_options_fail_with_exit_code_2()
    {
        var model = Path.Combine(_dir, "m.gguf");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "64"));
        var data = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(data, "{\"prompt\": \"a\", \"completion\": \"b\"}\n{\"prompt\": \"a\"}\n");
        Assert.Equal(2, Run("train", "--model", model, "--data", data, "--out", Path.Combine(_dir, "t.gguf")));
        File.WriteAllText(data, "{\"prompt\": \"a\", \"completion\": \"b\"}\n");
        Assert.Equal(2, Run("train", "--model", model, "--data", data, "--out", Path.Combine(_dir, "t.gguf"), "--lr", "-1"));
        Assert.Equal(2, Run("model", "new", "--out", model, "--embd", "30", "--heads", "4"));
    }

    [Fact]
    public void Lab_training_resumes_from_its_checkpoint_with_the_remaining_steps()
    {
        var output = Path.Combine(_dir, "critic.gguf");
        string[] args = ["lab", "train-critic", "--out", output, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "256",
            "--levels", "1", "--critique", "6", "--check-lines", "--check-style", "ScanPairs", "--window", "256", "--batch", "2", "--lr", "1e-3",
            "--threads", "1", "--seed", "4", "--checkpoint-every", "1"];
        Assert.Equal(0, Run(args));
        var first = TrainLog(output);
        int steps = first.GetProperty("steps").GetInt32();
        Assert.True(steps >= 2, $"{steps} steps");
        Assert.Equal(0, first.GetProperty("options").GetProperty("start_step").GetInt32());
        // The last checkpoint (one step before the end) stands in for a run that was stopped there.
        Assert.Equal(steps - 1, MathCritique.LlamaCpp.Training.LlamaTrainer.CheckpointStep(output));

        Assert.Equal(0, Run([.. args, "--resume"]));
        var resumed = TrainLog(output);
        Assert.Equal(steps - 1, resumed.GetProperty("options").GetProperty("start_step").GetInt32());
        Assert.Equal(steps, resumed.GetProperty("steps").GetInt32());
        Assert.Single(resumed.GetProperty("step_losses").EnumerateArray());
    }

    private static System.Text.Json.JsonElement TrainLog(string output) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(output, ".train.json"))).RootElement;
}
