using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MathCritique.Training.LlamaFactory;

/// <summary>
/// The training YAML of one job, in LLaMA-Factory's key names (its <c>examples/train_full/*.yaml</c> and
/// <c>examples/train_lora/*.yaml</c>; <c>hparams/data_args.py</c>), laid out as its examples are. Written for PyYAML,
/// which reads YAML 1.1: a float needs a dot and a signed exponent (<c>5.0e-6</c>; <c>5e-6</c> would be a string) and
/// words such as <c>no</c> are booleans unless quoted.
/// </summary>
internal static partial class LlamaFactoryYaml
{
    /// <summary>Keys the back end sets from the job and its own bookkeeping: overriding them would break resuming.</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["model_name_or_path", "dataset", "dataset_dir", "output_dir", "resume_from_checkpoint"];

    public static void CheckOverrides(IEnumerable<string> keys, string source)
    {
        if (keys.FirstOrDefault(k => Reserved.Contains(k)) is { } reserved)
            throw new ArgumentException($"{source}: '{reserved}' is set from the job (keys set from the job: {string.Join(", ", Reserved)}).");
        if (keys.FirstOrDefault(k => !KeyPattern().IsMatch(k)) is { } bad)
            throw new ArgumentException($"{source}: '{bad}' is not a LLaMA-Factory key (letters, digits and _).");
    }

    /// <summary><c>gradient_accumulation_steps</c> that make up <paramref name="batchSize"/> sequences per optimizer step.</summary>
    public static int AccumulationSteps(int batchSize, LlamaFactoryOptions options)
    {
        int perStep = options.PerDeviceBatchSize * options.Devices;
        return batchSize % perStep == 0
            ? batchSize / perStep
            : throw new ArgumentException($"The batch size {batchSize} is not a multiple of per-device batch {options.PerDeviceBatchSize} × {options.Devices} devices.");
    }

    /// <param name="dataset">The dataset's name in <c>dataset_info.json</c>.</param>
    /// <param name="resumeFrom">A checkpoint directory to continue; null: start afresh (over whatever <c>output_dir</c> holds).</param>
    public static string Build(FineTuneJob job, FineTuneHyperparameters h, LlamaFactoryOptions options, string output, string dataset, string datasetDirectory, string? resumeFrom)
    {
        var sections = new List<(string Title, List<KeyValuePair<string, object?>> Keys)>
        {
            ("model", [new("model_name_or_path", job.BaseModel)]),
            ("method", [
                new("stage", "sft"),
                new("do_train", true),
                new("finetuning_type", options.FinetuningType == LlamaFactoryFinetuningType.Lora ? "lora" : "full"),
                .. options.FinetuningType == LlamaFactoryFinetuningType.Lora
                    ? [new("lora_rank", options.LoraRank), new KeyValuePair<string, object?>("lora_target", options.LoraTarget)]
                    : Array.Empty<KeyValuePair<string, object?>>(),
                new("deepspeed", options.DeepSpeedConfig),
            ]),
            ("dataset", [
                new("dataset", dataset),
                new("dataset_dir", datasetDirectory),
                new("template", options.Template),
                new("cutoff_len", h.MaxLength > 0 ? h.MaxLength : null),
                // The seam's contract: earlier turns are context, the loss is on the last completion (as in-process).
                new("mask_history", true),
                new("neat_packing", h.PackExamples ? true : null),
                new("val_size", h.EvalFraction > 0 ? h.EvalFraction : null),
                new("overwrite_cache", true),
            ]),
            ("output", [
                new("output_dir", output),
                new("logging_steps", options.LoggingSteps),
                new("save_strategy", h.CheckpointEverySteps > 0 ? "steps" : "no"),
                new("save_steps", h.CheckpointEverySteps > 0 ? h.CheckpointEverySteps : null),
                new("plot_loss", true),
                new("overwrite_output_dir", resumeFrom is null ? true : null),
                new("resume_from_checkpoint", resumeFrom),
                // Else transformers reports to every tracker installed (wandb asks for a login and waits).
                new("report_to", "none"),
            ]),
            ("train", [
                new("per_device_train_batch_size", options.PerDeviceBatchSize),
                new("gradient_accumulation_steps", AccumulationSteps(h.BatchSize, options)),
                new("learning_rate", h.LearningRate),
                new("num_train_epochs", (double)h.Epochs),
                // cosine decays to 0; a floor needs transformers' cosine_with_min_lr.
                new("lr_scheduler_type", h.MinLearningRateFraction > 0 ? "cosine_with_min_lr" : "cosine"),
                new("lr_scheduler_kwargs", h.MinLearningRateFraction > 0 ? new Dictionary<string, object?> { ["min_lr_rate"] = h.MinLearningRateFraction } : null),
                new("warmup_steps", h.WarmupSteps > 0 ? h.WarmupSteps : null),
                new("weight_decay", h.WeightDecay > 0 ? h.WeightDecay : null),
                new("seed", h.Seed),
                new("bf16", options.Bf16),
            ]),
            ("eval", h.EvalFraction > 0
                ? [new("per_device_eval_batch_size", options.PerDeviceBatchSize), new("eval_strategy", "epoch")]
                : []),
        };

        CheckOverrides(job.AdditionalProperties.Keys, "the job's AdditionalProperties");
        var overrides = options.Yaml.Concat(job.AdditionalProperties).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var extra = new List<KeyValuePair<string, object?>>();
        foreach (var (key, value) in overrides)
        {
            var section = sections.FirstOrDefault(s => s.Keys.Any(k => k.Key == key)).Keys;
            if (section is null)
                extra.Add(new(key, value));
            else
                section[section.FindIndex(k => k.Key == key)] = new(key, value);
        }
        sections.Add(("extra", extra));

        var yaml = new StringBuilder();
        foreach (var (title, keys) in sections)
        {
            var present = keys.Where(k => !IsNull(k.Value)).ToList();
            if (present.Count == 0)
                continue;
            if (yaml.Length > 0)
                yaml.Append('\n');
            yaml.Append("### ").Append(title).Append('\n');
            foreach (var (key, value) in present)
                WriteEntry(yaml, key, value, indent: "");
        }
        return yaml.ToString();
    }

    private static bool IsNull(object? value) => value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };

    private static void WriteEntry(StringBuilder yaml, string key, object? value, string indent)
    {
        if (Map(value) is { } map)
        {
            yaml.Append(indent).Append(key).Append(":\n");
            foreach (var (k, v) in map.Where(p => !IsNull(p.Value)))
                WriteEntry(yaml, k, v, indent + "  ");
        }
        else
        {
            yaml.Append(indent).Append(key).Append(": ").Append(Scalar(value, key)).Append('\n');
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>>? Map(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToArray(),
        IEnumerable<KeyValuePair<string, object?>> d => d,
        IDictionary d => d.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(Convert.ToString(k, CultureInfo.InvariantCulture)!, d[k])).ToArray(),
        _ => null,
    };

    /// <summary>One value on one line: a flow list <c>[a, b]</c> for a list.</summary>
    private static string Scalar(object? value, string key) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => Text(s),
        float f => Float(f.ToString("R", CultureInfo.InvariantCulture), key),
        double d => Float(d.ToString("R", CultureInfo.InvariantCulture), key),
        decimal m => Float(m.ToString(CultureInfo.InvariantCulture), key),
        int or long or short or byte or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => Text(e.GetString()!),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            JsonValueKind.Number => e.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0 ? Float(e.GetRawText(), key) : e.GetRawText(),
            JsonValueKind.Array => "[" + string.Join(", ", e.EnumerateArray().Select(x => Scalar(x, key))) + "]",
            _ => throw new ArgumentException($"YAML key '{key}': a map inside a list is not supported."),
        },
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(x => Scalar(x, key))) + "]",
        _ => throw new ArgumentException($"YAML key '{key}': a {value.GetType().Name} cannot be written (use a string, number, boolean, list or map)."),
    };

    /// <summary>A number as YAML 1.1 reads a float: <c>5E-06</c> → <c>5.0e-6</c>, <c>1</c> → <c>1.0</c>.</summary>
    internal static string Float(string number, string key)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
            throw new ArgumentException($"YAML key '{key}': {number} is not a finite number.");
        int e = number.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? number : number[..e];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
            mantissa += ".0";
        if (e < 0)
            return mantissa;
        int exponent = int.Parse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent)}");
    }

    /// <summary>A string plain when YAML reads it back as that string, else double-quoted (JSON's escapes are YAML's).</summary>
    private static string Text(string s) =>
        PlainPattern().IsMatch(s) && !YamlWords().IsMatch(s) ? s : JsonSerializer.Serialize(s);

    [GeneratedRegex(@"^[A-Za-z_/][A-Za-z0-9_./,+-]*$")]
    private static partial Regex PlainPattern();

    // What YAML 1.1 reads as a boolean or null.
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$")]
    private static partial Regex YamlWords();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
