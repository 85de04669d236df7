using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.LlamaCpp.Tests.Training;

namespace MathCritique.LlamaCpp.Tests.Models;

/// <summary>The prompt set a model declares travels with it: written, read back, kept when grown or trained.</summary>
public sealed class PromptSetTagTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-tag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_prompt_set_tag_survives_save_load_growing_and_the_training_graph()
    {
        var config = new LlamaConfig { EmbeddingLength = 32, BlockCount = 1, FeedForwardLength = 64, HeadCount = 2, HeadCountKv = 2, ContextLength = 64 };
        var plain = SharpModels.Create(config, seed: 3);
        string untagged = Path.Combine(_dir, "plain.gguf"), tagged = Path.Combine(_dir, "tagged.gguf");
        plain.Save(untagged);
        Assert.Null(GgufFile.Open(untagged).GetString(LlamaModelFile.PromptSetKey));
        Assert.Null(LlamaModelFile.Load(untagged).PromptSet);

        plain.WithPromptSet("lab-stepwise").Save(tagged);
        Assert.Equal("lab-stepwise", GgufFile.Open(tagged).GetString(LlamaModelFile.PromptSetKey));
        var loaded = LlamaModelFile.Load(tagged);
        Assert.Equal("lab-stepwise", loaded.PromptSet);
        Assert.Equal(plain["blk.0.attn_q.weight"].Data, loaded["blk.0.attn_q.weight"].Data);
        Assert.Equal("lab-stepwise", loaded.WithExtraBlocks(1, seed: 4).PromptSet);
        Assert.Null(loaded.WithPromptSet(null).PromptSet);

        using var graph = new LlamaTrainingGraph(loaded.Config, 8, 1, 1, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
        graph.LoadWeights(loaded);
        Assert.Equal("lab-stepwise", graph.ToModelFile(loaded).PromptSet);
    }
}
