using System.Diagnostics;
using System.Text;
using LLama.Native;
using MathCritique.LlamaCpp.Inference;

/// <summary>
/// The ceiling for the engine: the least code that generates the same tokens — prompt prefix decoded once and
/// copied to every sequence, then one llama_decode per step over all live sequences, each sampled by its own
/// temperature-1 chain, a sequence leaving when it has made its given number of tokens. No queueing, stop strings,
/// text decoding or KV budgeting.
/// </summary>
internal sealed class RawDecodeLoop : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;

    private RawDecodeLoop(SafeLlamaModelHandle model, SafeLLamaContextHandle context)
    {
        _model = model;
        _context = context;
    }

    public static RawDecodeLoop Load(string path, LlamaEngineOptions options)
    {
        var model = SafeLlamaModelHandle.LoadFromFile(path, LLamaModelParams.Default());
        var p = LLamaContextParams.Default();
        p.n_ctx = (uint)options.ContextSize;
        p.n_batch = (uint)options.BatchSize;
        p.n_ubatch = (uint)options.BatchSize;
        p.n_seq_max = (uint)options.MaxParallelSequences;
        p.n_threads = options.Threads;
        p.n_threads_batch = options.Threads;
        p.kv_unified = true;
        p.no_perf = true;
        return new RawDecodeLoop(model, SafeLLamaContextHandle.Create(model, p));
    }

    public LLamaToken[] Tokenize(string text) => _model.Tokenize(text, _model.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);

    /// <summary>Generated tokens per second for sequences of the given lengths (one per sequence).</summary>
    public double TokensPerSecond(LLamaToken[] prompt, int[] lengths, uint seed)
    {
        var watch = Stopwatch.StartNew();
        _context.MemoryClear(false);
        var batch = new LLamaBatch();
        int prefix = prompt.Length - 1;
        for (int i = 0; i < prefix; i++)
            batch.Add(prompt[i], (LLamaPos)i, (LLamaSeqId)0, false);
        if (prefix > 0)
            Check(_context.Decode(batch));
        for (int s = 1; s < lengths.Length; s++)
            _context.MemorySequenceCopy((LLamaSeqId)0, (LLamaSeqId)s, (LLamaPos)0, (LLamaPos)prefix);

        var chains = lengths.Select((_, s) =>
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            chain.AddTemperature(1f);
            chain.AddDistributionSampler(seed * 1000 + (uint)s);
            return chain;
        }).ToArray();
        var next = lengths.Select(_ => prompt[^1]).ToArray();
        var made = new int[lengths.Length];
        var index = new int[lengths.Length];
        int position = prefix;
        try
        {
            while (true)
            {
                batch.Clear();
                for (int s = 0; s < lengths.Length; s++)
                {
                    if (made[s] >= lengths[s])
                        continue;
                    index[s] = batch.TokenCount;
                    batch.Add(next[s], (LLamaPos)position, (LLamaSeqId)s, true);
                }
                if (batch.TokenCount == 0)
                    break;
                Check(_context.Decode(batch));
                for (int s = 0; s < lengths.Length; s++)
                {
                    if (made[s] >= lengths[s])
                        continue;
                    next[s] = chains[s].Sample(_context, index[s]);
                    made[s]++;
                }
                position++;
            }
        }
        finally
        {
            foreach (var chain in chains)
                chain.Dispose();
        }
        return lengths.Sum() / watch.Elapsed.TotalSeconds;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode: {result}");
    }

    public void Dispose()
    {
        _context.Dispose();
        _model.Dispose();
    }
}
