using System.Text.Json;
using MathCritique.Models;
using MathCritique.Processes;
using MathCritique.Training.LlamaFactory;

namespace MathCritique.Training.Backends;

/// <summary>
/// A trainer back-end file (<c>trainer.json</c>): which <see cref="IFineTuner"/> trains the loop's models and how the
/// checkpoints it makes are opened again. <c>"kind": "inprocess"</c> is the ggml trainer on GGUFs (optional
/// <c>threads</c>); <c>"kind": "llamafactory"</c> hands each job to LLaMA-Factory (<see cref="LlamaFactoryOptions"/>,
/// field names in camelCase, <c>"yaml"</c> for keys of its own, <c>"hyperparameters"</c> over the paper's) and serves
/// each checkpoint with <c>"serve"</c> (<see cref="CommandCheckpointHostOptions"/>). Every error names the file and
/// the field; unknown fields are errors, so a misspelt one is not silently ignored.
/// </summary>
public sealed record TrainerFile
{
    public const string InProcessKind = "inprocess";
    public const string LlamaFactoryKind = "llamafactory";

    public required string Kind { get; init; }

    /// <summary>For <see cref="InProcessKind"/>: CPU threads of the trainer; null: its default.</summary>
    public int? Threads { get; init; }

    /// <summary>For <see cref="LlamaFactoryKind"/>.</summary>
    public LlamaFactoryOptions? LlamaFactory { get; init; }

    /// <summary>The server started for each checkpoint; null: the checkpoint is opened as it is (a GGUF).</summary>
    public CommandCheckpointHostOptions? Serve { get; init; }

    /// <summary>How the loop opens a checkpoint: through <see cref="Serve"/>'s server, or as it is.</summary>
    public ICheckpointHost CreateCheckpointHost() => Serve is null ? new LocalCheckpointHost() : new CommandCheckpointHost(Serve);

    public static async Task<TrainerFile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        return Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
    }

    /// <param name="path">The file's path: errors name it, and relative directories in it are read from its folder.</param>
    public static TrainerFile Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = new Fields(document.RootElement, path, "", Path.GetDirectoryName(Path.GetFullPath(path))!);
            var kind = root.String("kind") ?? throw root.Error("kind", $"missing (\"{LlamaFactoryKind}\" or \"{InProcessKind}\")");
            TrainerFile file = kind switch
            {
                InProcessKind => InProcess(root),
                LlamaFactoryKind => LlamaFactoryFile(root),
                _ => throw root.Error("kind", $"'{kind}' is not a trainer kind (\"{LlamaFactoryKind}\" or \"{InProcessKind}\")"),
            };
            try
            {
                file.LlamaFactory?.Validate();
                file.Serve?.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
            return file;
        }
    }

    private static TrainerFile InProcess(Fields root)
    {
        root.OnlyKnown("kind", "threads");
        var threads = root.Int("threads");
        if (threads is < 1)
            throw root.Error("threads", "must be >= 1");
        return new TrainerFile { Kind = InProcessKind, Threads = threads };
    }

    private static TrainerFile LlamaFactoryFile(Fields root)
    {
        root.OnlyKnown("kind", "command", "environment", "workingDirectory", "format", "template", "finetuningType", "loraRank", "loraTarget",
            "deepspeed", "devices", "perDeviceBatchSize", "bf16", "loggingSteps", "hyperparameters", "yaml", "serve");
        var defaults = new LlamaFactoryOptions();
        var options = new LlamaFactoryOptions
        {
            Command = root.Command("command", LlamaFactoryOptions.Placeholders) ?? defaults.Command,
            Environment = root.StringMap("environment") ?? defaults.Environment,
            WorkingDirectory = root.Directory("workingDirectory"),
            Format = root.Choice("format", new Dictionary<string, LlamaFactoryDatasetFormat> { ["alpaca"] = LlamaFactoryDatasetFormat.Alpaca, ["sharegpt"] = LlamaFactoryDatasetFormat.ShareGpt }) ?? defaults.Format,
            Template = root.String("template"),
            FinetuningType = root.Choice("finetuningType", new Dictionary<string, LlamaFactoryFinetuningType> { ["full"] = LlamaFactoryFinetuningType.Full, ["lora"] = LlamaFactoryFinetuningType.Lora }) ?? defaults.FinetuningType,
            LoraRank = root.Int("loraRank") ?? defaults.LoraRank,
            LoraTarget = root.String("loraTarget") ?? defaults.LoraTarget,
            DeepSpeedConfig = root.String("deepspeed"),
            Devices = root.Int("devices") ?? defaults.Devices,
            PerDeviceBatchSize = root.Int("perDeviceBatchSize") ?? defaults.PerDeviceBatchSize,
            Bf16 = root.Bool("bf16") ?? defaults.Bf16,
            LoggingSteps = root.Int("loggingSteps") ?? defaults.LoggingSteps,
            Hyperparameters = Hyperparameters(root.Object("hyperparameters")),
            Yaml = root.Object("yaml")?.Values() ?? defaults.Yaml,
        };
        var serve = root.Object("serve") ?? throw root.Error("serve", "missing: LLaMA-Factory leaves a Hugging Face checkpoint, which is sampled through a server (e.g. {\"command\": \"vllm serve {checkpoint} --port {port} --served-model-name {name}\"})");
        return new TrainerFile { Kind = LlamaFactoryKind, LlamaFactory = options, Serve = ServeOptions(serve) };
    }

    // The paper's settings, with what the file gives on top: the loop's own defaults are the lab's tiny models'.
    private static FineTuneHyperparameters Hyperparameters(Fields? fields)
    {
        var paper = LlamaFactoryFineTuner.PaperHyperparameters;
        if (fields is null)
            return paper;
        fields.OnlyKnown("epochs", "batchSize", "learningRate", "warmupSteps", "minLearningRateFraction", "weightDecay", "maxLength", "packExamples",
            "evalFraction", "seed", "checkpointEverySteps");
        var h = new FineTuneHyperparameters
        {
            Epochs = fields.Int("epochs") ?? paper.Epochs,
            BatchSize = fields.Int("batchSize") ?? paper.BatchSize,
            LearningRate = (float?)fields.Number("learningRate") ?? paper.LearningRate,
            WarmupSteps = fields.Int("warmupSteps") ?? paper.WarmupSteps,
            MinLearningRateFraction = (float?)fields.Number("minLearningRateFraction") ?? paper.MinLearningRateFraction,
            WeightDecay = (float?)fields.Number("weightDecay") ?? paper.WeightDecay,
            MaxLength = fields.Int("maxLength") ?? paper.MaxLength,
            PackExamples = fields.Bool("packExamples") ?? paper.PackExamples,
            EvalFraction = fields.Number("evalFraction") ?? paper.EvalFraction,
            Seed = fields.Int("seed") ?? paper.Seed,
            CheckpointEverySteps = fields.Int("checkpointEverySteps") ?? paper.CheckpointEverySteps,
        };
        try
        {
            h.Validate();
        }
        catch (ArgumentException e)
        {
            throw fields.Error(e.ParamName is { } name ? char.ToLowerInvariant(name[0]) + name[1..] : "", Reason(e));
        }
        return h;
    }

    private static CommandCheckpointHostOptions ServeOptions(Fields serve)
    {
        serve.OnlyKnown("command", "name", "settings", "startTimeoutSeconds", "stopGraceSeconds", "environment", "workingDirectory", "logDirectory", "apiKeyEnv");
        var defaults = new CommandCheckpointHostOptions { Command = "x" };
        var startTimeout = serve.Number("startTimeoutSeconds");
        var stopGrace = serve.Number("stopGraceSeconds");
        if (startTimeout is <= 0)
            throw serve.Error("startTimeoutSeconds", "must be positive");
        if (stopGrace is < 0)
            throw serve.Error("stopGraceSeconds", "must not be negative");
        return new CommandCheckpointHostOptions
        {
            Command = serve.Command("command", CommandCheckpointHostOptions.Placeholders) ?? throw serve.Error("command", "missing (e.g. \"vllm serve {checkpoint} --port {port} --served-model-name {name}\")"),
            ServedModelName = serve.String("name") ?? defaults.ServedModelName,
            AddressSettings = serve.String("settings") ?? defaults.AddressSettings,
            StartTimeout = startTimeout is { } s ? TimeSpan.FromSeconds(s) : defaults.StartTimeout,
            StopGracePeriod = stopGrace is { } g ? TimeSpan.FromSeconds(g) : defaults.StopGracePeriod,
            Environment = serve.StringMap("environment") ?? defaults.Environment,
            WorkingDirectory = serve.Directory("workingDirectory"),
            LogDirectory = serve.Directory("logDirectory"),
            ApiKeyEnvironmentVariable = serve.String("apiKeyEnv"),
        };
    }

    private static string Reason(ArgumentException e) => e.Message.Split(" (Parameter", 2)[0].Split('\n')[0].Trim();

    /// <summary>One JSON object of the file, read field by field; errors say <c>file: field.path: problem</c>.</summary>
    private sealed class Fields(JsonElement element, string file, string prefix, string baseDirectory)
    {
        public InvalidDataException Error(string field, string problem) => new($"{file}: {prefix}{field}: {problem}");

        public void OnlyKnown(params string[] known)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{file}: {(prefix.Length == 0 ? "expected a JSON object" : $"{prefix.TrimEnd('.')}: expected an object")}");
            if (element.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n)) is { } unknown)
                throw Error(unknown, $"unknown field (known: {string.Join(", ", known)})");
        }

        private JsonElement? Get(string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public string? String(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v when v.GetString()!.Trim().Length > 0 => v.GetString(),
            _ => throw Error(name, "expected a non-empty string"),
        };

        public int? Int(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var i) => i,
            _ => throw Error(name, "expected a whole number"),
        };

        public double? Number(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
            _ => throw Error(name, "expected a number"),
        };

        public bool? Bool(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Error(name, "expected true or false"),
        };

        public T? Choice<T>(string name, Dictionary<string, T> choices) where T : struct =>
            String(name) is not { } text ? null
            : choices.TryGetValue(text.ToLowerInvariant(), out var choice) ? choice
            : throw Error(name, $"'{text}' is not one of {string.Join(", ", choices.Keys)}");

        /// <summary>A command template using only <paramref name="placeholders"/>.</summary>
        public string? Command(string name, IReadOnlyList<string> placeholders)
        {
            var text = String(name);
            try
            {
                return text is null ? null : CommandTemplate.Parse(text, placeholders.ToArray()).Text;
            }
            catch (ArgumentException e)
            {
                throw Error(name, e.Message);
            }
        }

        /// <summary>A directory, relative to the file's folder.</summary>
        public string? Directory(string name) => String(name) is { } d ? Path.GetFullPath(d, baseDirectory) : null;

        public Fields? Object(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Object } v => new Fields(v, file, $"{prefix}{name}.", baseDirectory),
            _ => throw Error(name, "expected an object"),
        };

        public Dictionary<string, string>? StringMap(string name) =>
            Object(name) is { } map ? map.Strings() : null;

        private Dictionary<string, string> Strings() => element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String
            ? p.Value.GetString()!
            : throw Error(p.Name, "expected a string"));

        /// <summary>The object's fields as they are (the document is disposed after reading, so each value is cloned).</summary>
        public Dictionary<string, object?> Values() => element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }
}
