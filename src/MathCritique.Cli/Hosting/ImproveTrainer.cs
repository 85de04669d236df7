using MathCritique.LlamaCpp.Training;
using MathCritique.Models;
using MathCritique.Training;
using MathCritique.Training.Backends;
using MathCritique.Training.LlamaFactory;

namespace MathCritique.Cli.Hosting;

/// <summary>The fine-tuner and checkpoint host <c>improve</c> trains and samples each iteration's actor with, and how run.json names them.</summary>
internal sealed record ImproveTrainer(IFineTuner FineTuner, ICheckpointHost Host, string Identity)
{
    /// <summary>
    /// From a trainer file (<see cref="TrainerFile"/>: the LLaMA-Factory hand-off, a configured command that trains and a
    /// server launched for each checkpoint), or without one the in-process ggml trainer on GGUF checkpoints, opened as they are.
    /// </summary>
    public static async Task<ImproveTrainer> CreateAsync(string? trainerFile, int threads, CancellationToken cancellationToken)
    {
        if (trainerFile is null)
            return new(new LlamaFineTuner(new LlamaFineTunerOptions { Threads = threads }), new LocalCheckpointHost(), "in-process ggml (GGUF)");
        var file = await TrainerFile.ReadAsync(trainerFile, cancellationToken);
        IFineTuner fineTuner = file.Kind switch
        {
            TrainerFile.LlamaFactoryKind => new LlamaFactoryFineTuner(file.LlamaFactory),
            _ => new LlamaFineTuner(new LlamaFineTunerOptions { Threads = file.Threads ?? threads }),
        };
        return new(fineTuner, file.CreateCheckpointHost(), $"{file.Kind} ({Path.GetFullPath(trainerFile)})");
    }
}
