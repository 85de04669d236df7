using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MathCritique.Processes;
using MathCritique.Training;
using MathCritique.Training.LlamaFactory;

namespace MathCritique.Tests.Training;

/// <summary>
/// The LLaMA-Factory hand-off, run with a stand-in for <c>llamafactory-cli train</c> (a shell script that checks what
/// it is given and leaves a checkpoint as transformers does). Every key asserted is a name LLaMA-Factory documents:
/// dataset_info fields, columns and tags in hiyouga/LLaMA-Factory data/README.md; YAML keys in
/// examples/train_full/llama3_full_sft.yaml (model_name_or_path, stage, do_train, finetuning_type, deepspeed, dataset,
/// template, cutoff_len, overwrite_cache, output_dir, logging_steps, save_steps, plot_loss, overwrite_output_dir,
/// per_device_train_batch_size, gradient_accumulation_steps, learning_rate, num_train_epochs, lr_scheduler_type, bf16,
/// val_size, per_device_eval_batch_size, eval_strategy) and examples/train_lora/llama3_lora_sft.yaml (lora_rank,
/// lora_target); report_to and resume_from_checkpoint in examples/train_lora/qwen3_lora_sft.yaml; dataset_dir,
/// mask_history and neat_packing in src/llamafactory/hparams/data_args.py; save_strategy, warmup_steps, weight_decay,
/// seed and lr_scheduler_kwargs are transformers' TrainingArguments, which LLaMA-Factory's parser (hparams/parser.py,
/// which also resumes from resume_from_checkpoint) reads. The run's files (trainer_log.jsonl: current_steps,
/// total_steps, loss, lr, epoch; trainer_state.json at the end) are LLaMA-Factory's LogCallback
/// (src/llamafactory/train/callbacks.py) and transformers' Trainer.save_state (src/llamafactory/train/sft/workflow.py).
/// </summary>
public sealed class LlamaFactoryFineTunerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-llamafactory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SftExample[] Examples =
    [
        new("What is 2 + 3?", "2 + 3 = 5. The answer is 5.") { System = "Solve step by step." },
        new("Now double it.", "5 × 2 = 10. The answer is 10.") { History = [new SftTurn("What is 2 + 3?", "The answer is 5.")] },
    ];

    private string Output => Path.Combine(_dir, "iteration-1", "actor");

    private string Runs => Path.Combine(_dir, "stand-in.runs");

    /// <summary>
    /// A stand-in trainer: checks that {yaml}, {output} and {dataset_dir} arrive and agree with the YAML, then writes what
    /// a finished run leaves (config.json, trainer_state.json, trainer_log.jsonl lines) and notes that it ran.
    /// </summary>
    private string StandIn()
    {
        var script = Path.Combine(_dir, "stand-in.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            set -e
            yaml="$1"; out="$2"; data="$3"
            test -f "$yaml" || { echo "no YAML at $yaml" >&2; exit 9; }
            grep -qx "output_dir: $out" "$yaml" || { echo "the YAML names another output_dir" >&2; exit 8; }
            grep -qx "dataset_dir: $data" "$yaml" || { echo "the YAML names another dataset_dir" >&2; exit 7; }
            test -f "$data/dataset_info.json" || { echo "no dataset_info.json" >&2; exit 6; }
            echo "stand-in training $yaml"
            mkdir -p "$out"
            echo '{"current_steps": 1, "total_steps": 2, "loss": 1.25, "lr": 5e-06, "epoch": 0.5}' >> "$out/trainer_log.jsonl"
            echo '{"current_steps": 2, "total_steps": 2, "loss": 0.75, "lr": 0.0, "epoch": 1.0}' >> "$out/trainer_log.jsonl"
            echo '{"architectures": ["StandIn"]}' > "$out/config.json"
            echo '{"global_step": 2, "log_history": [{"loss": 1.25, "step": 1}, {"loss": 0.75, "step": 2}, {"train_runtime": 1.5}]}' > "$out/trainer_state.json"
            echo "$yaml" >> "{{Runs}}"
            """.ReplaceLineEndings("\n"));
        return script;
    }

    private LlamaFactoryFineTuner Tuner(LlamaFactoryOptions? options = null) =>
        new((options ?? new()) with { Command = $"sh '{StandIn()}' {{yaml}} {{output}} {{dataset_dir}}" });

    private FineTuneJob Job(bool resume = false, FineTuneHyperparameters? hyperparameters = null) => new()
    {
        BaseModel = "Qwen/Qwen2.5-Math-7B",
        Examples = Examples,
        Output = Output,
        Hyperparameters = hyperparameters ?? LlamaFactoryFineTuner.PaperHyperparameters with { BatchSize = 8, MaxLength = 1024, CheckpointEverySteps = 50 },
        Resume = resume,
    };

    private static Dictionary<string, string> YamlKeys(string yaml) => File.ReadAllLines(yaml)
        .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(' '))
        .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

    private sealed class Collect : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value)
        {
            lock (Reports)
                Reports.Add(value);
        }
    }

    [Fact]
    public async Task Writes_Alpaca_data_its_dataset_info_and_a_full_fine_tuning_YAML_runs_the_command_and_takes_its_checkpoint()
    {
        var progress = new Collect();
        var tuner = Tuner(new LlamaFactoryOptions { Template = "qwen", DeepSpeedConfig = "examples/deepspeed/ds_z3_config.json", Devices = 2, PerDeviceBatchSize = 2 });

        var result = await tuner.FineTuneAsync(Job(), progress);

        var run = Assert.IsType<LlamaFactoryRun>(result.RawRepresentation);
        Assert.True(run.Trained);
        Assert.Equal(LlamaFactoryFineTuner.RunDirectory(Output), run.Directory);
        var yaml = YamlKeys(run.Yaml);
        var data = Path.Combine(run.Directory, "data");
        Assert.Equal("Qwen/Qwen2.5-Math-7B", yaml["model_name_or_path"]);
        Assert.Equal("sft", yaml["stage"]);
        Assert.Equal("true", yaml["do_train"]);
        Assert.Equal("full", yaml["finetuning_type"]);
        Assert.Equal("examples/deepspeed/ds_z3_config.json", yaml["deepspeed"]);
        Assert.Equal("mathcritique_alpaca", yaml["dataset"]);
        Assert.Equal(data, yaml["dataset_dir"]);
        Assert.Equal("qwen", yaml["template"]);
        Assert.Equal("1024", yaml["cutoff_len"]);
        Assert.Equal("true", yaml["mask_history"]);
        Assert.Equal(Output, yaml["output_dir"]);
        Assert.Equal("steps", yaml["save_strategy"]);
        Assert.Equal("50", yaml["save_steps"]);
        Assert.Equal("true", yaml["overwrite_output_dir"]);
        Assert.Equal("none", yaml["report_to"]);
        // 8 per step = 2 per device × 2 devices × 2 accumulated.
        Assert.Equal("2", yaml["per_device_train_batch_size"]);
        Assert.Equal("2", yaml["gradient_accumulation_steps"]);
        // PyYAML (YAML 1.1) reads 5e-6 as a string: the float needs its dot and a signed exponent.
        Assert.Equal("5.0e-6", yaml["learning_rate"]);
        Assert.Equal("1.0", yaml["num_train_epochs"]);
        Assert.Equal("cosine", yaml["lr_scheduler_type"]);
        Assert.Equal("1", yaml["seed"]);
        Assert.Equal("true", yaml["bf16"]);
        Assert.DoesNotContain("resume_from_checkpoint", yaml.Keys);
        Assert.DoesNotContain("lora_rank", yaml.Keys);
        Assert.DoesNotContain("val_size", yaml.Keys);

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "dataset_info.json")))!["mathcritique_alpaca"]!;
        Assert.Equal("alpaca", (string?)info["formatting"]);
        var columns = info["columns"]!.AsObject();
        Assert.Equal(["prompt", "query", "response", "system", "history"], columns.Select(c => c.Key));
        Assert.Equal(["instruction", "input", "output", "system", "history"], columns.Select(c => (string?)c.Value));
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(data, (string)info["file_name"]!)))!.AsArray();
        Assert.Equal("Now double it.", (string?)rows[1]!["instruction"]);
        Assert.Equal("What is 2 + 3?", (string?)rows[1]!["history"]![0]![0]);
        Assert.Equal("Solve step by step.", (string?)rows[0]!["system"]);

        Assert.Equal(Job().Output, result.Output);
        Assert.Equal(2, result.Steps);
        Assert.Equal([1.25, 0.75], result.StepLosses);
        Assert.Equal(2, result.TrainExamples);
        Assert.Equal([1.25, 0.75], progress.Reports.Select(r => r.Loss));
        Assert.Equal([1, 2], progress.Reports.Select(r => r.Step));
        Assert.Equal(2, progress.Reports[0].TotalSteps);
        Assert.True(File.Exists(Path.Combine(Output, LlamaFactoryFineTuner.FinishedFile)));
        Assert.Contains("stand-in training " + run.Yaml, File.ReadAllText(run.Log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_ShareGPT_with_its_tags_for_chat_models_and_LoRA_evaluation_and_a_floored_cosine_when_asked()
    {
        var tuner = Tuner(new LlamaFactoryOptions { Format = LlamaFactoryDatasetFormat.ShareGpt, FinetuningType = LlamaFactoryFinetuningType.Lora, LoraRank = 16 });
        var h = new FineTuneHyperparameters { LearningRate = 1e-4f, BatchSize = 4, MinLearningRateFraction = 0.1f, WarmupSteps = 10, EvalFraction = 0.5, Seed = 7 };

        var result = await tuner.FineTuneAsync(Job(hyperparameters: h));

        var run = (LlamaFactoryRun)result.RawRepresentation!;
        var text = File.ReadAllText(run.Yaml);
        var yaml = YamlKeys(run.Yaml);
        Assert.Equal("lora", yaml["finetuning_type"]);
        Assert.Equal("16", yaml["lora_rank"]);
        Assert.Equal("all", yaml["lora_target"]);
        Assert.Equal("mathcritique_sharegpt", yaml["dataset"]);
        Assert.Equal("0.0001", yaml["learning_rate"]);
        Assert.Equal("cosine_with_min_lr", yaml["lr_scheduler_type"]);
        Assert.Contains("lr_scheduler_kwargs:\n  min_lr_rate: 0.1\n", text, StringComparison.Ordinal);
        Assert.Equal("10", yaml["warmup_steps"]);
        Assert.Equal("0.5", yaml["val_size"]);
        Assert.Equal("epoch", yaml["eval_strategy"]);
        Assert.Equal("7", yaml["seed"]);
        Assert.Equal("4", yaml["gradient_accumulation_steps"]);
        // Only at the end; "no" unquoted would be YAML 1.1's false.
        Assert.Equal("\"no\"", yaml["save_strategy"]);
        Assert.DoesNotContain("deepspeed", yaml.Keys);
        Assert.DoesNotContain("template", yaml.Keys);
        Assert.DoesNotContain("cutoff_len", yaml.Keys);
        Assert.Equal((1, 1), (result.TrainExamples, result.EvalExamples));

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Directory, "data", "dataset_info.json")))!["mathcritique_sharegpt"]!;
        Assert.Equal("sharegpt", (string?)info["formatting"]);
        Assert.Equal("conversations", (string?)info["columns"]!["messages"]);
        Assert.Equal("system", (string?)info["columns"]!["system"]);
        var tags = info["tags"]!;
        Assert.Equal(("from", "value", "human", "gpt"), ((string?)tags["role_tag"], (string?)tags["content_tag"], (string?)tags["user_tag"], (string?)tags["assistant_tag"]));
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Directory, "data", (string)info["file_name"]!)))!.AsArray();
        Assert.Equal(["human", "gpt", "human", "gpt"], rows[1]!["conversations"]!.AsArray().Select(t => (string?)t!["from"]));
    }

    [Fact]
    public async Task Extra_keys_come_from_the_options_then_the_job_and_a_null_removes_one()
    {
        var tuner = Tuner(new LlamaFactoryOptions
        {
            Yaml = new Dictionary<string, object?> { ["trust_remote_code"] = true, ["ddp_timeout"] = 180000000, ["report_to"] = null, ["bf16"] = false },
        });
        var job = Job() with { AdditionalProperties = new Dictionary<string, object?> { ["bf16"] = true, ["lora_target"] = new[] { "q_proj", "v_proj" } } };

        var result = await tuner.FineTuneAsync(job);

        var yaml = YamlKeys(((LlamaFactoryRun)result.RawRepresentation!).Yaml);
        Assert.Equal("true", yaml["trust_remote_code"]);
        Assert.Equal("180000000", yaml["ddp_timeout"]);
        Assert.Equal("true", yaml["bf16"]);
        Assert.Equal("[q_proj, v_proj]", yaml["lora_target"]);
        Assert.DoesNotContain("report_to", yaml.Keys);

        var reserved = Assert.Throws<ArgumentException>(() => Tuner(new LlamaFactoryOptions { Yaml = new Dictionary<string, object?> { ["output_dir"] = "elsewhere" } }));
        Assert.Contains("'output_dir' is set from the job", reserved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_output_is_not_trained_again_on_resume_and_other_data_there_is_refused()
    {
        var tuner = Tuner();
        await tuner.FineTuneAsync(Job(resume: true));

        var again = await tuner.FineTuneAsync(Job(resume: true));

        Assert.Single(File.ReadAllLines(Runs));
        Assert.False(((LlamaFactoryRun)again.RawRepresentation!).Trained);
        Assert.Equal([1.25, 0.75], again.StepLosses);

        var other = Job(resume: true) with { Examples = [new SftExample("What is 1 + 1?", "2")] };
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => tuner.FineTuneAsync(other));
        Assert.Contains("trained for other settings or data", refused.Message, StringComparison.Ordinal);

        // Without resume, the job trains afresh over what is there.
        await tuner.FineTuneAsync(Job());
        Assert.Equal(2, File.ReadAllLines(Runs).Length);
    }

    [Fact]
    public async Task A_stopped_run_resumes_from_its_latest_checkpoint_by_step()
    {
        foreach (var step in new[] { 2, 10, 9 })
            Directory.CreateDirectory(Path.Combine(Output, $"checkpoint-{step}"));

        var result = await Tuner().FineTuneAsync(Job(resume: true));

        var run = (LlamaFactoryRun)result.RawRepresentation!;
        var yaml = YamlKeys(run.Yaml);
        Assert.Equal(Path.Combine(Output, "checkpoint-10"), yaml["resume_from_checkpoint"]);
        Assert.Equal(Path.Combine(Output, "checkpoint-10"), run.ResumedFrom);
        Assert.DoesNotContain("overwrite_output_dir", yaml.Keys);
    }

    [Fact]
    public async Task A_failing_command_ends_in_one_line_naming_it_and_its_log()
    {
        var tuner = new LlamaFactoryFineTuner(new LlamaFactoryOptions { Command = "sh -c 'echo CUDA out of memory >&2; exit 3' {yaml}" });

        var e = await Assert.ThrowsAsync<ExternalCommandException>(() => tuner.FineTuneAsync(Job()));

        var log = Path.Combine(LlamaFactoryFineTuner.RunDirectory(Output), "train.log");
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("exited with code 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("sh -c 'echo CUDA out of memory >&2; exit 3'", e.Message, StringComparison.Ordinal);
        Assert.Contains(log, e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA out of memory", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA out of memory", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Output, LlamaFactoryFineTuner.FinishedFile)));
    }

    [Fact]
    public async Task A_command_that_leaves_no_model_or_cannot_start_is_an_error()
    {
        var empty = await Assert.ThrowsAsync<ExternalCommandException>(() => new LlamaFactoryFineTuner(new LlamaFactoryOptions { Command = "true {yaml}" }).FineTuneAsync(Job()));
        Assert.Contains($"without leaving a model in {Output}", empty.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<ExternalCommandException>(() => new LlamaFactoryFineTuner(new LlamaFactoryOptions { Command = "no-such-trainer-cli train {yaml}" }).FineTuneAsync(Job()));
        Assert.StartsWith("Could not start 'no-such-trainer-cli train ", missing.Message, StringComparison.Ordinal);

        var placeholder = Assert.Throws<ArgumentException>(() => new LlamaFactoryFineTuner(new LlamaFactoryOptions { Command = "llamafactory-cli train {config}" }));
        Assert.Contains("unknown placeholder {config}", placeholder.Message, StringComparison.Ordinal);

        var batch = await Assert.ThrowsAsync<ArgumentException>(() => Tuner(new LlamaFactoryOptions { Devices = 3 }).FineTuneAsync(Job()));
        Assert.Contains("not a multiple of per-device batch 1 × 3 devices", batch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_kills_the_command_and_what_it_started()
    {
        var child = Path.Combine(_dir, "child.pid");
        var tuner = new LlamaFactoryFineTuner(new LlamaFactoryOptions { Command = $"sh -c 'sleep 300 & echo $! > {child}; wait' {{yaml}}" });
        using var cancel = new CancellationTokenSource();

        var training = tuner.FineTuneAsync(Job(), cancellationToken: cancel.Token);
        var watch = Stopwatch.StartNew();
        while (!File.Exists(child) || File.ReadAllText(child).Trim().Length == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the command never started");
            await Task.Delay(50);
        }
        int pid = int.Parse(File.ReadAllText(child).Trim(), CultureInfo.InvariantCulture);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => training);
        watch.Restart();
        while (IsRunning(pid))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the command's child {pid} still runs after cancelling");
            await Task.Delay(50);
        }
    }

    // A killed child may linger as a zombie until it is reaped; it runs no more.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
