using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>A random-weight tiny model (n_embd 64, 2 layers) saved as GGUF and loaded once per test class.</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    public static readonly LlamaConfig Config = new() { EmbeddingLength = 64, BlockCount = 2, FeedForwardLength = 128, HeadCount = 4, HeadCountKv = 4, ContextLength = 512 };

    private readonly string _dir = Directory.CreateTempSubdirectory("mc-infer-").FullName;

    public string ModelPath => Path.Combine(_dir, "tiny.gguf");
    public LlamaSampler Sampler { get; private set; } = null!;

    public static LlamaEngineOptions Options(int parallel = 8) => new() { ContextSize = 512, MaxParallelSequences = parallel, Threads = 2, BatchSize = 512 };

    public async Task InitializeAsync()
    {
        NativeLogging.Suppress();
        LlamaModelFile.CreateRandom(Config, seed: 7).Save(ModelPath);
        Sampler = await LlamaSampler.LoadAsync(ModelPath, Options());
    }

    public Task DisposeAsync()
    {
        Sampler.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
