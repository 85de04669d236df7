using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>Packed windows must behave exactly like separate sequences: positions restart, no attention across examples.</summary>
public sealed class PackedWindowsTests
{
    [Fact]
    public void Logits_of_examples_packed_in_one_window_equal_their_logits_alone()
    {
        var config = new LlamaConfig { EmbeddingLength = 32, BlockCount = 2, FeedForwardLength = 64, HeadCount = 4, HeadCountKv = 2, ContextLength = 64 };
        var model = SharpModels.Create(config, seed: 21);
        var random = new Random(4);
        int[] first = Enumerable.Range(0, 9).Select(_ => random.Next(256)).ToArray();
        int[] second = Enumerable.Range(0, 11).Select(_ => random.Next(256)).ToArray();
        const int window = 24;

        using var packed = new LlamaTrainingGraph(config, window, 1, 2, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero, segmented: true);
        packed.LoadWeights(model);
        var tokens = first.Concat(second).Concat(new int[window - 20]).ToArray();
        var positions = Enumerable.Range(0, 9).Concat(Enumerable.Range(0, 15)).ToArray();
        packed.SetBatch(tokens, new int[window], positions);
        packed.Run(backward: false);
        var together = packed.GetLogits();

        using var alone = new LlamaTrainingGraph(config, window, 1, 2, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
        alone.LoadWeights(model);
        int v = config.VocabSize;
        double maxDiff = 0;
        foreach (var (sequence, offset) in new[] { (first, 0), (second, 9) })
        {
            alone.SetBatch(sequence.Concat(new int[window - sequence.Length]).ToArray(), new int[window]);
            alone.Run(backward: false);
            var logits = alone.GetLogits();
            for (int i = 0; i < sequence.Length * v; i++)
                maxDiff = Math.Max(maxDiff, Math.Abs(logits[i] - together[offset * v + i]));
        }
        Assert.True(maxDiff < 1e-4, $"max diff {maxDiff}");

        // Control: without the segment mask the second example sees the first.
        using var leaky = new LlamaTrainingGraph(config, window, 1, 2, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
        leaky.LoadWeights(model);
        leaky.SetBatch(tokens, new int[window]);
        leaky.Run(backward: false);
        Assert.True(Math.Abs(leaky.GetLogits()[12 * v] - together[12 * v]) > 1e-3);
    }
}
