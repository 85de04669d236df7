using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>A model grown with extra blocks must compute what it computed before, until training moves the new blocks.</summary>
public sealed class ExtraBlocksTests
{
    [Fact]
    public void A_model_with_extra_blocks_gives_the_same_logits()
    {
        var config = new LlamaConfig { EmbeddingLength = 32, BlockCount = 2, FeedForwardLength = 64, HeadCount = 4, HeadCountKv = 4, ContextLength = 64 };
        var model = SharpModels.Create(config, seed: 8);
        var grown = model.WithExtraBlocks(2, seed: 9);
        Assert.Equal(4, grown.Config.BlockCount);
        Assert.Equal(model["blk.1.attn_q.weight"].Data, grown["blk.1.attn_q.weight"].Data);
        Assert.Contains(grown["blk.3.attn_q.weight"].Data, x => x != 0);

        var random = new Random(2);
        int[] tokens = Enumerable.Range(0, 16).Select(_ => random.Next(256)).ToArray();
        float[] Logits(LlamaModelFile m)
        {
            using var graph = new LlamaTrainingGraph(m.Config, 16, 1, 2, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
            graph.LoadWeights(m);
            graph.SetBatch(tokens, new int[16]);
            graph.Run(backward: false);
            return graph.GetLogits();
        }
        var before = Logits(model);
        var after = Logits(grown);
        Assert.Equal(before.Length, after.Length);
        Assert.True(before.Zip(after).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.WithExtraBlocks(0, seed: 1));
    }
}
