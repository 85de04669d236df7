using MathCritique.LlamaCpp.Training;
using MathCritique.Models;
using MathCritique.Training;

namespace MathCritique.Cli.Hosting;

/// <summary>The fine-tuner and checkpoint host <c>improve</c> trains and samples each iteration's actor with, and how run.json names them.</summary>
internal sealed record ImproveTrainer(IFineTuner FineTuner, ICheckpointHost Host, string Identity)
{
    /// <summary>
    /// The in-process ggml trainer on GGUF checkpoints, opened as they are. A <c>--trainer FILE</c> option (the LLaMA-Factory
    /// hand-off: a configured command that trains, and a server launched for each checkpoint) is chosen here.
    /// </summary>
    public static ImproveTrainer InProcess(int threads) =>
        new(new LlamaFineTuner(new LlamaFineTunerOptions { Threads = threads }), new LocalCheckpointHost(), "in-process ggml (GGUF)");
}
