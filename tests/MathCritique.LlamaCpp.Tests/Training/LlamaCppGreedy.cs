using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>Greedy generation straight through llama.cpp (LLamaSharp's low-level API), for checking trained GGUFs.</summary>
internal static class LlamaCppGreedy
{
    public static string Complete(string ggufPath, int[] prompt, int maxTokens = 40)
    {
        var parameters = new ModelParams(ggufPath) { ContextSize = 256, BatchSize = 256, Threads = 2 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++)
            batch.Add((LLamaToken)prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
        var output = new List<byte>();
        int position = prompt.Length;
        for (int n = 0; n < maxTokens; n++)
        {
            Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
            var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
            int best = 0;
            for (int v = 1; v < logits.Length; v++)
                if (logits[v] > logits[best])
                    best = v;
            if (best == ByteLevelVocabulary.ImEnd)
                return Encoding.UTF8.GetString(output.ToArray());
            if (best >= 256)
                return Encoding.UTF8.GetString(output.ToArray()) + $"<{best}>";
            output.Add((byte)best);
            batch.Clear();
            batch.Add((LLamaToken)best, position++, LLamaSeqId.Zero, true);
        }
        return Encoding.UTF8.GetString(output.ToArray()) + "<no end>";
    }
}
