using System.Text.Json;

namespace MathCritique.Training.LlamaFactory;

/// <summary>
/// Reads what a LLaMA-Factory run writes in its output directory: <c>trainer_log.jsonl</c>, a line per logging step
/// while it trains (LLaMA-Factory's <c>LogCallback</c>: <c>current_steps</c>, <c>total_steps</c>, <c>loss</c>,
/// <c>eval_loss</c>, <c>lr</c>, <c>epoch</c>), and <c>trainer_state.json</c> at the end (transformers' <c>global_step</c>
/// and <c>log_history</c>).
/// </summary>
internal static class TrainerLog
{
    public const string FileName = "trainer_log.jsonl";
    public const string StateFileName = "trainer_state.json";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public sealed record State(int Steps, IReadOnlyList<double> StepLosses, IReadOnlyList<double> EvalLosses, double TokensPerSecond);

    /// <summary>
    /// Reports each line added to <paramref name="path"/> after its first <paramref name="offset"/> bytes until cancelled
    /// (then reads what is left once more).
    /// </summary>
    public static async Task FollowAsync(string path, long offset, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            bool stopping = cancellationToken.IsCancellationRequested;
            offset = ReportNewLines(path, offset, progress);
            if (stopping)
                return;
            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static long ReportNewLines(string path, long offset, IProgress<TrainingProgress> progress)
    {
        if (!File.Exists(path))
            return offset;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < offset)
            offset = 0; // a fresh run replaced the file
        stream.Position = offset;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        int end = text.LastIndexOf('\n') + 1; // a line still being written waits for the next poll
        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line) is { } report)
                progress.Report(report);
        }
        return offset + System.Text.Encoding.UTF8.GetByteCount(text[..end]);
    }

    private static TrainingProgress? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            double? eval = Number(root, "eval_loss");
            double? loss = Number(root, "loss");
            if (loss is null && eval is null)
                return null;
            return new TrainingProgress(
                (int)(Number(root, "current_steps") ?? 0),
                (int)(Number(root, "total_steps") ?? 0),
                (int)Math.Ceiling(Number(root, "epoch") ?? 0),
                loss ?? double.NaN,
                Number(root, "lr") ?? Number(root, "learning_rate") ?? 0,
                Number(root, "throughput") ?? 0,
                eval);
        }
        catch (JsonException)
        {
            return null; // a progress line we cannot read is not worth stopping a training run for
        }
    }

    /// <summary>Steps and losses from <c>trainer_state.json</c>; zeros and empty lists when there is none.</summary>
    public static State ReadState(string output)
    {
        var path = Path.Combine(output, StateFileName);
        if (!File.Exists(path))
            return new State(0, [], [], 0);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var history = root.TryGetProperty("log_history", out var h) && h.ValueKind == JsonValueKind.Array ? h.EnumerateArray().ToArray() : [];
            return new State(
                (int)(Number(root, "global_step") ?? 0),
                history.Select(e => Number(e, "loss")).OfType<double>().ToArray(),
                history.Select(e => Number(e, "eval_loss")).OfType<double>().ToArray(),
                history.Select(e => Number(e, "train_tokens_per_second")).OfType<double>().LastOrDefault());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON ({e.Message})", e);
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
