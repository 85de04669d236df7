using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Tests.Training;
using MathCritique.LlamaCpp.Training;
using MathCritique.Prompts;

namespace MathCritique.LlamaCpp.Tests.Models;

/// <summary>The prompt set and inline tool a model declares travel with it: written, read back, kept when grown or trained.</summary>
public sealed class PromptSetTagTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-tag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_prompt_set_and_tool_tags_survive_save_load_growing_and_the_training_graph()
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

        // The inline tool tag travels the same way, independently of the prompt set.
        Assert.Null(loaded.InlineTool);
        var withTool = loaded.WithInlineTool("calculator");
        withTool.Save(tagged);
        Assert.Equal("calculator", GgufFile.Open(tagged).GetString(LlamaModelFile.InlineToolKey));
        loaded = LlamaModelFile.Load(tagged);
        Assert.Equal(("lab-stepwise", "calculator"), (loaded.PromptSet, loaded.InlineTool));
        Assert.Equal("calculator", loaded.WithExtraBlocks(1, seed: 4).InlineTool);
        Assert.Equal("calculator", loaded.WithPromptSet(null).InlineTool);
        Assert.Equal("lab-stepwise", loaded.WithInlineTool(null).PromptSet);

        using var graph = new LlamaTrainingGraph(loaded.Config, 8, 1, 1, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
        graph.LoadWeights(loaded);
        Assert.Equal(("lab-stepwise", "calculator"), (graph.ToModelFile(loaded).PromptSet, graph.ToModelFile(loaded).InlineTool));
    }
}
