using MathCritique.LlamaCpp.Training;
using MathCritique.Models;
using MathCritique.Training;
using MathCritique.Training.Backends;
using MathCritique.Training.LlamaFactory;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// The trainer a command trains with and how it opens what it trained (<c>improve --trainer FILE</c>): a trainer file
/// (<see cref="TrainerFile"/>), or, without one, the in-process ggml trainer on GGUFs, opened as they are.
/// </summary>
internal static class TrainerBackends
{
    public static async Task<(IFineTuner FineTuner, ICheckpointHost CheckpointHost)> CreateAsync(string? trainerFile, CancellationToken cancellationToken)
    {
        if (trainerFile is null)
            return (new LlamaFineTuner(), new LocalCheckpointHost());
        var file = await TrainerFile.ReadAsync(trainerFile, cancellationToken);
        IFineTuner fineTuner = file.Kind switch
        {
            TrainerFile.LlamaFactoryKind => new LlamaFactoryFineTuner(file.LlamaFactory),
            _ => new LlamaFineTuner(file.Threads is { } threads ? new LlamaFineTunerOptions { Threads = threads } : null),
        };
        return (fineTuner, file.CreateCheckpointHost());
    }
}
