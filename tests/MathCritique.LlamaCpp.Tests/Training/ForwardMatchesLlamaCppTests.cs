using LLama;
using LLama.Common;
using LLama.Native;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

public sealed class ForwardMatchesLlamaCppTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-fwd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(4, 4)]
    [InlineData(4, 2)] // grouped-query attention
    public void Graph_logits_match_llama_cpp_for_every_position_of_every_window(int heads, int kvHeads)
    {
        var config = new LlamaConfig { EmbeddingLength = 32, BlockCount = 2, FeedForwardLength = 64, HeadCount = heads, HeadCountKv = kvHeads, ContextLength = 256, RopeFreqBase = 500f };
        var model = SharpModels.Create(config, seed: 7);
        var path = Path.Combine(_dir, "sharp.gguf");
        model.Save(path);

        const int window = 200, windows = 2;
        var random = new Random(3);
        var tokens = Enumerable.Range(0, window * windows).Select(_ => random.Next(ByteLevelVocabulary.Size)).ToArray();

        using var graph = new LlamaTrainingGraph(config, window, windows, threads: 2, LlamaTrainingGraph.ForwardOnly, IntPtr.Zero, IntPtr.Zero);
        graph.LoadWeights(model);
        graph.SetBatch(tokens, tokens.Select(_ => 0).ToArray());
        graph.Run(backward: false);
        var ours = graph.GetLogits();

        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { ContextSize = 256 });
        double maxDiff = 0, maxLogit = 0;
        for (int w = 0; w < windows; w++)
        {
            var reference = LlamaCppLogits(weights, path, tokens.AsSpan(w * window, window).ToArray());
            for (int i = 0; i < window; i++)
                for (int v = 0; v < config.VocabSize; v++)
                {
                    float expected = reference[i][v];
                    maxLogit = Math.Max(maxLogit, Math.Abs(expected));
                    maxDiff = Math.Max(maxDiff, Math.Abs(expected - ours[((long)w * window + i) * config.VocabSize + v]));
                }
        }
        Assert.True(maxLogit > 2, $"logits too small to be a meaningful comparison ({maxLogit}, diff {maxDiff})");
        Assert.True(maxDiff < 1e-3, $"max |graph - llama.cpp| = {maxDiff} (max |logit| {maxLogit})");
    }

    private static float[][] LlamaCppLogits(LLamaWeights weights, string path, int[] tokens)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = 256,
            BatchSize = 256,
            UBatchSize = 256,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            FlashAttention = false,
            Threads = 2,
        };
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (int i = 0; i < tokens.Length; i++)
            batch.Add((LLamaToken)tokens[i], i, LLamaSeqId.Zero, true);
        Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        return Enumerable.Range(0, tokens.Length).Select(i => context.NativeHandle.GetLogitsIth(i).ToArray()).ToArray();
    }
}
