using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>Random models whose attention is sharp (q/k ×25, v/o and the head ×10, random norms), so RoPE or mask mistakes show.</summary>
internal static class SharpModels
{
    public static LlamaModelFile Create(LlamaConfig config, int seed)
    {
        var model = LlamaModelFile.CreateRandom(config, seed);
        var random = new Random(seed + 1000);
        var tensors = model.Tensors.Select(t =>
        {
            float scale = t.Name.EndsWith("attn_q.weight", StringComparison.Ordinal) || t.Name.EndsWith("attn_k.weight", StringComparison.Ordinal) ? 25f
                : t.Name.EndsWith("attn_v.weight", StringComparison.Ordinal) || t.Name.EndsWith("attn_output.weight", StringComparison.Ordinal) || t.Name == "output.weight" ? 10f : 1f;
            var data = t.Shape.Length == 1
                ? t.Data.Select(_ => 0.5f + (float)random.NextDouble()).ToArray()
                : t.Data.Select(x => x * scale).ToArray();
            return new GgufTensor(t.Name, t.Shape, data);
        }).ToArray();
        return new LlamaModelFile(config, tensors, model.Name);
    }
}
