using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MathCritique.Processes;

namespace MathCritique.Training.LlamaFactory;

/// <summary>
/// <see cref="IFineTuner"/> handing the job to LLaMA-Factory: it writes the examples (Alpaca or ShareGPT) with their
/// <c>dataset_info.json</c> and a training YAML into <c>{output}.llamafactory/</c>, runs the configured command
/// (<c>llamafactory-cli train {yaml}</c>) with its output in <c>train.log</c> there, and returns the model it leaves in
/// the job's output directory (<c>output_dir</c>). With <see cref="FineTuneJob.Resume"/>, an output this back end
/// finished for the same YAML and data is returned without training again, and a run stopped part-way continues
/// from its last <c>checkpoint-N</c>.
/// </summary>
public sealed class LlamaFactoryFineTuner : IFineTuner
{
    /// <summary>The file this back end writes into the output directory once the command has finished and left a model.</summary>
    public const string FinishedFile = "mathcritique-finetune.json";

    /// <summary>The dataset's name in <c>dataset_info.json</c> (a suffix says the format).</summary>
    public const string DatasetName = "mathcritique";

    private readonly LlamaFactoryOptions _options;
    private readonly CommandTemplate _command;

    public LlamaFactoryFineTuner(LlamaFactoryOptions? options = null)
    {
        _options = options ?? new();
        _options.Validate();
        _command = CommandTemplate.Parse(_options.Command, LlamaFactoryOptions.Placeholders.ToArray());
    }

    /// <summary>
    /// The paper's settings for real models (full fine-tune, learning rate 5e-6, 1 epoch, cosine to 0); what the paper
    /// does not state keeps <see cref="FineTuneHyperparameters"/>' defaults.
    /// </summary>
    public static FineTuneHyperparameters PaperHyperparameters { get; } = new() { LearningRate = 5e-6f, Epochs = 1, MinLearningRateFraction = 0 };

    /// <summary>Where the hand-off files of a job with output <paramref name="output"/> go: its YAML, data and log.</summary>
    public static string RunDirectory(string output) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(output)) + ".llamafactory";

    public async Task<FineTuneResult> FineTuneAsync(FineTuneJob job, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        var hyperparameters = _options.Hyperparameters ?? job.Hyperparameters;
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(job.Output));
        var run = RunDirectory(output);
        var dataDirectory = Path.Combine(run, "data");
        var exporter = new SftDatasetExporter("train", DatasetName);
        var dataset = $"{DatasetName}_{(_options.Format == LlamaFactoryDatasetFormat.ShareGpt ? "sharegpt" : "alpaca")}";
        await exporter.ExportAsync(job.Examples, dataDirectory, cancellationToken).ConfigureAwait(false);

        // What identifies the job's model: the settings (without how this attempt resumes) and the data.
        var dataFile = Path.Combine(dataDirectory, _options.Format == LlamaFactoryDatasetFormat.ShareGpt ? exporter.ShareGptFile : exporter.AlpacaFile);
        var fingerprint = Sha256(LlamaFactoryYaml.Build(job, hyperparameters, _options, output, dataset, dataDirectory, resumeFrom: null))
                          + ":" + Sha256(await File.ReadAllTextAsync(dataFile, cancellationToken).ConfigureAwait(false));
        var finished = Path.Combine(output, FinishedFile);
        if (job.Resume && File.Exists(finished))
        {
            if (await RecordedFingerprintAsync(finished, cancellationToken).ConfigureAwait(false) != fingerprint)
                throw new InvalidOperationException($"{output} holds a model trained for other settings or data ({finished}); delete it or choose another output.");
            return Result(job, hyperparameters, output, new LlamaFactoryRun(run, Path.Combine(run, "train.yaml"), Path.Combine(run, "train.log"), null, Trained: false));
        }
        if (File.Exists(finished))
            File.Delete(finished);

        var resumeFrom = job.Resume ? LatestCheckpoint(output) : null;
        var yamlPath = Path.Combine(run, "train.yaml");
        var logPath = Path.Combine(run, "train.log");
        await File.WriteAllTextAsync(yamlPath, LlamaFactoryYaml.Build(job, hyperparameters, _options, output, dataset, dataDirectory, resumeFrom), cancellationToken).ConfigureAwait(false);

        var arguments = _command.Expand(new Dictionary<string, string>
        {
            ["yaml"] = yamlPath,
            ["output"] = output,
            ["dataset_dir"] = dataDirectory,
            ["run_dir"] = run,
            ["base"] = job.BaseModel,
        });
        await RunAsync(arguments, output, logPath, progress, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(finished, new JsonObject
        {
            ["fingerprint"] = fingerprint,
            ["finished"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["yaml"] = yamlPath,
        }.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return Result(job, hyperparameters, output, new LlamaFactoryRun(run, yamlPath, logPath, resumeFrom, Trained: true));
    }

    /// <summary>Runs the training command to its end and checks that it left a model; progress comes from its trainer log.</summary>
    private async Task RunAsync(IReadOnlyList<string> arguments, string output, string logPath, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        // Lines already in the trainer's log belong to an earlier attempt.
        var trainerLog = Path.Combine(output, TrainerLog.FileName);
        long seen = File.Exists(trainerLog) ? new FileInfo(trainerLog).Length : 0;
        await using (var process = ExternalProcess.Start(arguments, logPath, _options.WorkingDirectory, _options.Environment))
        {
            using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var follower = progress is null ? Task.CompletedTask : TrainerLog.FollowAsync(trainerLog, seen, progress, following.Token);
            int exit;
            try
            {
                exit = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await following.CancelAsync().ConfigureAwait(false);
                await follower.ConfigureAwait(false);
            }
            if (exit != 0)
                throw new ExternalCommandException($"The training command '{process.Command}' exited with code {exit}; its output is in {logPath} (last lines: {process.Tail()}).");
            if (!HasModel(output))
                throw new ExternalCommandException($"The training command '{process.Command}' exited without leaving a model in {output} (no config.json or adapter_config.json); its output is in {logPath}.");
        }
    }

    /// <summary>The newest <c>checkpoint-N</c> a stopped run left in <paramref name="output"/> (by step, not by name), or null.</summary>
    public static string? LatestCheckpoint(string output) =>
        Directory.Exists(output)
            ? Directory.EnumerateDirectories(output, "checkpoint-*")
                .Select(d => (Path: d, Step: int.TryParse(Path.GetFileName(d)["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : -1))
                .Where(c => c.Step >= 0)
                .OrderByDescending(c => c.Step)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;

    private static async Task<string?> RecordedFingerprintAsync(string finished, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(finished, cancellationToken).ConfigureAwait(false))?["fingerprint"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{finished}: not a record this trainer wrote ({e.Message}); delete it to train again.", e);
        }
    }

    // What transformers saves at the end: a model's config, or a LoRA adapter's.
    private static bool HasModel(string output) =>
        File.Exists(Path.Combine(output, "config.json")) || File.Exists(Path.Combine(output, "adapter_config.json"));

    private static FineTuneResult Result(FineTuneJob job, FineTuneHyperparameters h, string output, LlamaFactoryRun run)
    {
        var state = TrainerLog.ReadState(output);
        // datasets' train_test_split rounds a fractional test size up.
        int eval = h.EvalFraction > 0 ? (int)Math.Ceiling(h.EvalFraction * job.Examples.Count) : 0;
        return new FineTuneResult(job.Output, state.Steps, state.StepLosses, state.EvalLosses, job.Examples.Count - eval, eval, TruncatedExamples: 0, state.TokensPerSecond)
        {
            RawRepresentation = run,
        };
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
