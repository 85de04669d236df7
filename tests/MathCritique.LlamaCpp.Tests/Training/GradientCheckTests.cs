using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

/// <summary>
/// ggml's gradients against central finite differences of ggml's own forward loss, on a model with sharp
/// attention and a batch of several windows with masked prompt positions — the construction whose
/// attention-score gradients once came out wrong.
/// </summary>
public sealed class GradientCheckTests
{
    [Theory]
    [InlineData(4, 4, false, 2, false, 12)]
    [InlineData(4, 2, false, 2, false, 12)]
    [InlineData(4, 2, true, 2, false, 12)] // packed windows: two examples per window, segment mask
    [InlineData(4, 2, true, 2, true, 12)] // the graph rebuilt per step (ggml-opt's dynamic mode)
    [InlineData(4, 4, false, 2, false, 96)] // long windows: ggml takes other code paths for larger matrices
    public void Gradients_match_finite_differences_on_every_kind_of_weight(int heads, int kvHeads, bool packed, int layers, bool dynamic, int window)
    {
        var config = new LlamaConfig { EmbeddingLength = 32, BlockCount = layers, FeedForwardLength = 64, HeadCount = heads, HeadCountKv = kvHeads, ContextLength = Math.Max(32, window) };
        var model = SharpModels.Create(config, seed: 11);
        const int windows = 3;
        var random = new Random(5);
        var tokens = Enumerable.Range(0, window * windows).Select(_ => random.Next(ByteLevelVocabulary.Size)).ToArray();
        // Next-token targets; the first 4 positions of each window are "prompt" and masked.
        var targets = Enumerable.Range(0, tokens.Length).Select(i => i % window < 4 ? -1 : random.Next(ByteLevelVocabulary.Size)).ToArray();

        // Two accumulation steps: the first backward pass only accumulates gradients, which we read.
        using var graph = new LlamaTrainingGraph(config, window, windows, threads: 2, Native.Ggml.BuildOpt, IntPtr.Zero, IntPtr.Zero, accumulationSteps: 2, segmented: packed, dynamicGraphs: dynamic);
        graph.LoadWeights(model);
        var positions = Enumerable.Range(0, tokens.Length).Select(i => packed && i % window >= 5 ? i % window - 5 : i % window).ToArray();
        int counted = graph.SetBatch(tokens, targets, packed ? positions : default);
        Assert.Equal(windows * (window - 4), counted);
        graph.Run(backward: true);
        var names = new[] { "blk.0.attn_q.weight", "blk.1.attn_q.weight", "blk.0.attn_k.weight", "blk.1.attn_k.weight", "token_embd.weight",
            "blk.0.attn_v.weight", "blk.1.attn_output.weight", "blk.0.ffn_gate.weight", "blk.1.attn_norm.weight", "output.weight" };
        var gradients = names.ToDictionary(n => n, graph.GetGradient);
        // The accumulated gradient is that of loss / 2; compare with the same scaled loss.
        double MeanLoss() => graph.Run(backward: false) / graph.TokensPerBatch / 2;

        var failures = new List<string>();
        foreach (var name in names)
        {
            var weights = model[name].Data;
            var gradient = gradients[name];
            double norm = Math.Sqrt(gradient.Sum(g => (double)g * g));
            Assert.True(norm > 1e-6, $"{name}: no gradient");

            // Along the gradient: the loss must change by |g| per unit step.
            double step = 2e-3 / norm;
            double Along(double sign)
            {
                graph.SetWeight(name, weights.Zip(gradient, (w, g) => (float)(w + sign * step * g / norm)).ToArray());
                return MeanLoss();
            }
            double directional = (Along(+1) - Along(-1)) / (2 * step);
            if (Math.Abs(directional - norm) > 0.03 * norm)
                failures.Add($"{name}: along the gradient d(loss) = {directional:G5}, |grad| = {norm:G5}");

            // Single entries with the largest gradients.
            foreach (int index in Enumerable.Range(0, gradient.Length).OrderByDescending(i => Math.Abs(gradient[i])).Take(3))
            {
                // 1% of the tensor's RMS: the RMS norm of a tiny embedding row is far from linear in it.
                float eps = 0.01f * (float)Math.Sqrt(weights.Average(w => (double)w * w));
                var perturbed = (float[])weights.Clone();
                perturbed[index] = weights[index] + eps;
                graph.SetWeight(name, perturbed);
                double plus = MeanLoss();
                perturbed[index] = weights[index] - eps;
                graph.SetWeight(name, perturbed);
                double numeric = (plus - MeanLoss()) / (2 * eps);
                if (Math.Abs(numeric - gradient[index]) > 0.05 * Math.Abs(gradient[index]) + 1e-3)
                    failures.Add($"{name}[{index}]: numeric {numeric:G5}, ggml {gradient[index]:G5}");
            }
            graph.SetWeight(name, weights);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
