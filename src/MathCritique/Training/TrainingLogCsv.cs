using System.Globalization;

namespace MathCritique.Training;

/// <summary>
/// A training progress sink that writes one CSV line per report (step, epoch, loss, lr, tokens/s, eval loss) as the
/// run goes, so that a stopped run leaves its curve behind.
/// </summary>
public sealed class TrainingLogCsv(TextWriter writer) : IProgress<TrainingProgress>
{
    public const string Header = "step,epoch,loss,lr,tokens_per_s,eval_loss";

    /// <summary>Starts the log with its header line.</summary>
    public static TrainingLogCsv Start(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Header);
        return new TrainingLogCsv(writer);
    }

    public void Report(TrainingProgress value) => writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{value.Step},{value.Epoch},{value.Loss:G6},{value.LearningRate:G6},{value.TokensPerSecond:F1},{value.EvalLoss?.ToString("G6", CultureInfo.InvariantCulture)}"));
}
