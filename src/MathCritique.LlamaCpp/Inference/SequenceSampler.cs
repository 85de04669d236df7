using LLama.Native;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>Builds one sample's llama.cpp sampler chain from its options and seed.</summary>
internal static class SequenceSampler
{
    public static SafeLLamaSamplerChainHandle Create(SamplingOptions options, ulong seed)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (options.Temperature == 0)
        {
            chain.AddGreedySampler();
            return chain;
        }
        if (options.TopK > 0)
            chain.AddTopK(options.TopK);
        if (options.TopP < 1)
            chain.AddTopP(options.TopP, 1);
        if (options.MinP > 0)
            chain.AddMinP(options.MinP, 1);
        chain.AddTemperature(options.Temperature);
        chain.AddDistributionSampler(NativeSeed(seed));
        return chain;
    }

    /// <summary>Folds the 64-bit seed to 32 bits, avoiding 0xFFFFFFFF which llama.cpp reads as "pick a random seed".</summary>
    internal static uint NativeSeed(ulong seed)
    {
        uint folded = (uint)(seed ^ (seed >> 32));
        return folded == uint.MaxValue ? uint.MaxValue - 1 : folded;
    }
}
