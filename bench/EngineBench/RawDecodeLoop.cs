using System.Diagnostics;
using LLama.Native;

/// <summary>
/// The ceiling for the engine: the least code that generates the same tokens as <c>LlamaSampler</c> — prompt prefix
/// decoded once and copied to every sequence, then one llama_decode per step over all live sequences, each sampled
/// by the same temperature-1 chain and seed as the sampler's sample i, a sequence leaving at the end token or its
/// token limit. No queueing, stop strings, text decoding or KV budgeting.
/// </summary>
internal sealed class RawDecodeLoop(SafeLlamaModelHandle model, SafeLLamaContextHandle context) : IDisposable
{
    public static RawDecodeLoop Load(string path, DecodeConfig config, int sequences, int cellsPerSequence)
    {
        var model = SafeLlamaModelHandle.LoadFromFile(path, LLamaModelParams.Default());
        return new RawDecodeLoop(model, SafeLLamaContextHandle.Create(model, config.ContextParams(sequences, cellsPerSequence)));
    }

    /// <summary>Generates up to <paramref name="maxTokens"/> per sequence; returns (generated tokens, seconds).</summary>
    public (long Tokens, double Seconds) Run(LLamaToken[] prompt, int sequences, int maxTokens, ulong seed)
    {
        var watch = Stopwatch.StartNew();
        context.MemoryClear(false);
        var batch = new LLamaBatch();
        int prefix = prompt.Length - 1;
        for (int i = 0; i < prefix; i++)
            batch.Add(prompt[i], (LLamaPos)i, (LLamaSeqId)0, false);
        if (prefix > 0)
            Check(context.Decode(batch));
        for (int s = 1; s < sequences; s++)
            context.MemorySequenceCopy((LLamaSeqId)0, (LLamaSeqId)s, (LLamaPos)(-1), (LLamaPos)(-1)); // whole sequence: split caches copy only whole streams

        var request = MathCritique.Sampling.SamplingRequest.FromUser("", sequences, null, seed);
        var chains = Enumerable.Range(0, sequences).Select(s =>
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            chain.AddTemperature(1f);
            chain.AddDistributionSampler(NativeSeed(request.SeedFor(s)));
            return chain;
        }).ToArray();
        var next = Enumerable.Repeat(prompt[^1], sequences).ToArray();
        var made = new int[sequences];
        var done = new bool[sequences];
        var index = new int[sequences];
        int position = prefix;
        long generated = 0;
        try
        {
            while (true)
            {
                batch.Clear();
                for (int s = 0; s < sequences; s++)
                {
                    if (done[s])
                        continue;
                    index[s] = batch.TokenCount;
                    batch.Add(next[s], (LLamaPos)position, (LLamaSeqId)s, true);
                }
                if (batch.TokenCount == 0)
                    break;
                Check(context.Decode(batch));
                for (int s = 0; s < sequences; s++)
                {
                    if (done[s])
                        continue;
                    next[s] = chains[s].Sample(context, index[s]);
                    made[s]++;
                    generated++;
                    done[s] = next[s].IsEndOfGeneration(model.Vocab) || made[s] >= maxTokens;
                }
                position++;
            }
        }
        finally
        {
            foreach (var chain in chains)
                chain.Dispose();
        }
        return (generated, watch.Elapsed.TotalSeconds);
    }

    /// <summary>As the engine folds a 64-bit seed (SequenceSampler.NativeSeed), so both draw the same tokens.</summary>
    private static uint NativeSeed(ulong seed)
    {
        uint folded = (uint)(seed ^ (seed >> 32));
        return folded == uint.MaxValue ? uint.MaxValue - 1 : folded;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode: {result}");
    }

    public void Dispose()
    {
        context.Dispose();
        model.Dispose();
    }
}
