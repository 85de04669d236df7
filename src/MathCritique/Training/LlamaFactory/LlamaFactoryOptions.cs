using MathCritique.Processes;

namespace MathCritique.Training.LlamaFactory;

/// <summary>
/// How <see cref="LlamaFactoryFineTuner"/> runs LLaMA-Factory on this machine: the command, the data format, the
/// method (full or LoRA), the devices, and YAML keys of its own. Key names are LLaMA-Factory's (its
/// <c>examples/train_full</c>, <c>examples/train_lora</c> and <c>data/README.md</c>).
/// </summary>
public sealed record LlamaFactoryOptions
{
    /// <summary>The placeholders <see cref="Command"/> may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["yaml", "output", "dataset_dir", "run_dir", "base"];

    /// <summary>
    /// The training command (<see cref="CommandTemplate"/>): <c>{yaml}</c> the training YAML, <c>{output}</c> the
    /// output directory (<c>output_dir</c>), <c>{dataset_dir}</c> the folder with the data and <c>dataset_info.json</c>,
    /// <c>{run_dir}</c> the folder of the YAML and the log, <c>{base}</c> the base model.
    /// </summary>
    public string Command { get; init; } = "llamafactory-cli train {yaml}";

    /// <summary>Environment variables for the command (e.g. <c>FORCE_TORCHRUN=1</c>, <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the command runs (relative paths in <see cref="DeepSpeedConfig"/> are read from there); null: the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Alpaca for base models (a prompt and a response), ShareGPT for chat models (turns).</summary>
    public LlamaFactoryDatasetFormat Format { get; init; } = LlamaFactoryDatasetFormat.Alpaca;

    /// <summary>LLaMA-Factory's chat template (<c>template</c>, e.g. <c>qwen</c>); null: it takes the tokenizer's own.</summary>
    public string? Template { get; init; }

    /// <summary><c>finetuning_type</c>: full (what the paper does) or LoRA.</summary>
    public LlamaFactoryFinetuningType FinetuningType { get; init; } = LlamaFactoryFinetuningType.Full;

    /// <summary><c>lora_rank</c>, for LoRA.</summary>
    public int LoraRank { get; init; } = 8;

    /// <summary><c>lora_target</c>, for LoRA: <c>all</c> linear layers, or module names separated by commas.</summary>
    public string LoraTarget { get; init; } = "all";

    /// <summary>The DeepSpeed config (<c>deepspeed</c>, e.g. LLaMA-Factory's <c>examples/deepspeed/ds_z3_config.json</c>); null: none.</summary>
    public string? DeepSpeedConfig { get; init; }

    /// <summary>GPUs the command trains on: the job's batch is <see cref="PerDeviceBatchSize"/> × accumulation × devices.</summary>
    public int Devices { get; init; } = 1;

    /// <summary><c>per_device_train_batch_size</c>; <c>gradient_accumulation_steps</c> makes up the rest of the job's batch.</summary>
    public int PerDeviceBatchSize { get; init; } = 1;

    /// <summary><c>bf16</c> mixed precision (false: full precision).</summary>
    public bool Bf16 { get; init; } = true;

    /// <summary><c>logging_steps</c>: 1 gives a loss for every step.</summary>
    public int LoggingSteps { get; init; } = 1;

    /// <summary>
    /// The hyper-parameters to train with instead of the job's (a loop sized for the lab's tiny models asks for rates
    /// that would wreck a real one); null: the job's.
    /// </summary>
    public FineTuneHyperparameters? Hyperparameters { get; init; }

    /// <summary>
    /// More YAML keys, or other values for the ones written (a null value removes a key); values are strings, numbers,
    /// booleans, or lists and maps of them. The job's <see cref="FineTuneJob.AdditionalProperties"/> come on top.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Yaml { get; init; } = new Dictionary<string, object?>();

    public void Validate()
    {
        CommandTemplate.Parse(Command, Placeholders.ToArray());
        if (!Enum.IsDefined(Format))
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "unknown dataset format");
        if (!Enum.IsDefined(FinetuningType))
            throw new ArgumentOutOfRangeException(nameof(FinetuningType), FinetuningType, "unknown finetuning type");
        if (Devices < 1 || PerDeviceBatchSize < 1 || LoggingSteps < 1 || LoraRank < 1)
            throw new ArgumentOutOfRangeException(nameof(Devices), "Devices, PerDeviceBatchSize, LoggingSteps and LoraRank must be >= 1");
        if (string.IsNullOrWhiteSpace(LoraTarget))
            throw new ArgumentException("LoraTarget is empty.", nameof(LoraTarget));
        if (Template is { } template && string.IsNullOrWhiteSpace(template))
            throw new ArgumentException("Template is empty; leave it out to use the tokenizer's.", nameof(Template));
        Hyperparameters?.Validate();
        if (Hyperparameters is { } h)
            LlamaFactoryYaml.AccumulationSteps(h.BatchSize, this);
        LlamaFactoryYaml.CheckOverrides(Yaml.Keys, "yaml");
    }
}
