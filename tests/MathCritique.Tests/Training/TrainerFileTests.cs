using MathCritique.Models;
using MathCritique.Training.Backends;
using MathCritique.Training.LlamaFactory;

namespace MathCritique.Tests.Training;

/// <summary>
/// The trainer back-end file: README's example reads as it says; each mistake is one line naming the file and the
/// field (unknown fields included, so a misspelt one is not silently ignored).
/// </summary>
public sealed class TrainerFileTests
{
    private const string File = "/runs/trainer.json";

    private static TrainerFile Parse(string json) => TrainerFile.Parse(json, File);

    private static string Error(string json)
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse(json));
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(File + ": ", e.Message, StringComparison.Ordinal);
        return e.Message[(File.Length + 2)..];
    }

    /// <summary>The first JSON block of README's section on LLaMA-Factory.</summary>
    private static string ReadmeExample()
    {
        var readme = System.IO.File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int section = readme.IndexOf("## Training real models with LLaMA-Factory", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no section 'Training real models with LLaMA-Factory'");
        int start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_README_example_reads_as_it_says()
    {
        var file = Parse(ReadmeExample());

        Assert.Equal(TrainerFile.LlamaFactoryKind, file.Kind);
        var options = file.LlamaFactory!;
        Assert.Equal("llamafactory-cli train {yaml}", options.Command);
        Assert.Equal("1", options.Environment["FORCE_TORCHRUN"]);
        Assert.Equal("/opt/LLaMA-Factory", options.WorkingDirectory);
        Assert.Equal(LlamaFactoryDatasetFormat.Alpaca, options.Format);
        Assert.Equal("qwen", options.Template);
        Assert.Equal(LlamaFactoryFinetuningType.Full, options.FinetuningType);
        Assert.Equal("examples/deepspeed/ds_z3_config.json", options.DeepSpeedConfig);
        Assert.Equal((8, 2), (options.Devices, options.PerDeviceBatchSize));
        var h = options.Hyperparameters!;
        Assert.Equal((5e-6f, 1, 64, 4096), (h.LearningRate, h.Epochs, h.BatchSize, h.MaxLength));
        Assert.Equal(0f, h.MinLearningRateFraction);
        Assert.Contains("ddp_timeout", options.Yaml.Keys);
        var serve = file.Serve!;
        Assert.StartsWith("vllm serve {checkpoint} ", serve.Command, StringComparison.Ordinal);
        Assert.Equal("concurrency=128&n=true", serve.AddressSettings);
        Assert.Equal(TimeSpan.FromMinutes(15), serve.StartTimeout);
        Assert.IsType<CommandCheckpointHost>(file.CreateCheckpointHost());
        Assert.NotNull(new LlamaFactoryFineTuner(options));
    }

    [Fact]
    public void Without_a_hyperparameters_section_the_paper_settings_apply_and_directories_are_read_from_the_file_folder()
    {
        var file = Parse("""{ "kind": "llamafactory", "workingDirectory": "lf", "serve": { "command": "vllm serve {checkpoint} --port {port}", "logDirectory": "logs" } }""");

        Assert.Equal(LlamaFactoryFineTuner.PaperHyperparameters, file.LlamaFactory!.Hyperparameters);
        Assert.Equal(5e-6f, file.LlamaFactory.Hyperparameters!.LearningRate);
        Assert.Equal("/runs/lf", file.LlamaFactory.WorkingDirectory);
        Assert.Equal("/runs/logs", file.Serve!.LogDirectory);
        Assert.Equal("actor", file.Serve.ServedModelName);
    }

    [Fact]
    public void The_in_process_kind_takes_threads_and_opens_checkpoints_as_they_are()
    {
        var file = Parse("""{ "kind": "inprocess", "threads": 2 }""");

        Assert.Equal((TrainerFile.InProcessKind, 2), (file.Kind, file.Threads));
        Assert.Null(file.LlamaFactory);
        Assert.IsType<LocalCheckpointHost>(file.CreateCheckpointHost());
        Assert.StartsWith("command: unknown field (known: kind, threads)", Error("""{ "kind": "inprocess", "command": "x" }"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "command": "x" }""", "kind: missing")]
    [InlineData("""{ "kind": "deepspeed" }""", "kind: 'deepspeed' is not a trainer kind")]
    [InlineData("""{ "kind": "llamafactory" }""", "serve: missing: LLaMA-Factory leaves a Hugging Face checkpoint")]
    [InlineData("""{ "kind": "llamafactory", "devices": "8", "serve": { "command": "s {port}" } }""", "devices: expected a whole number")]
    [InlineData("""{ "kind": "llamafactory", "format": "jsonl", "serve": { "command": "s {port}" } }""", "format: 'jsonl' is not one of alpaca, sharegpt")]
    [InlineData("""{ "kind": "llamafactory", "hyperparameters": { "learningRat": 1e-5 }, "serve": { "command": "s {port}" } }""", "hyperparameters.learningRat: unknown field")]
    [InlineData("""{ "kind": "llamafactory", "hyperparameters": { "learningRate": -1 }, "serve": { "command": "s {port}" } }""", "hyperparameters.learningRate: must be positive and finite")]
    [InlineData("""{ "kind": "llamafactory", "environment": { "CUDA_VISIBLE_DEVICES": 0 }, "serve": { "command": "s {port}" } }""", "environment.CUDA_VISIBLE_DEVICES: expected a string")]
    [InlineData("""{ "kind": "llamafactory", "serve": { "name": "actor" } }""", "serve.command: missing")]
    [InlineData("""{ "kind": "llamafactory", "serve": { "command": "s {port}", "startTimeoutSeconds": 0 } }""", "serve.startTimeoutSeconds: must be positive")]
    [InlineData("""{ "kind": "llamafactory", "command": "llamafactory-cli train {config}", "serve": { "command": "s {port}" } }""", "command: Command 'llamafactory-cli train {config}': unknown placeholder {config}")]
    [InlineData("""{ "kind": "llamafactory", "serve": { "command": "vllm serve {model}" } }""", "serve.command: Command 'vllm serve {model}': unknown placeholder {model}")]
    [InlineData("""{ "kind": "llamafactory", "devices": 8, "perDeviceBatchSize": 2, "serve": { "command": "s {port}" } }""", "The batch size 8 is not a multiple of per-device batch 2 × 8 devices")]
    [InlineData("""{ "kind": "llamafactory", "yaml": { "output_dir": "x" }, "serve": { "command": "s {port}" } }""", "yaml: 'output_dir' is set from the job")]
    [InlineData("""{ "kind": "llamafactory", "serve": { "command": "s {port}" }, }x""", "malformed JSON")]
    public void A_mistake_is_one_line_naming_the_file_and_the_field(string json, string expected)
    {
        Assert.StartsWith(expected, Error(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => TrainerFile.ReadAsync("/no/such/trainer.json"));
        Assert.Equal("/no/such/trainer.json: file not found", e.Message);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "MathCritique.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no MathCritique.slnx above {AppContext.BaseDirectory}");
    }
}
