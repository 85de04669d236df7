using System.Globalization;
using LLama.Native;

/// <summary>One llama.cpp context configuration the sweep tries: threads for one-token and many-token batches, flash attention, KV layout.</summary>
internal sealed record DecodeConfig(int Threads, int ThreadsBatch, bool FlashAttention, bool UnifiedKv)
{
    public override string ToString() =>
        $"threads {Threads}/{ThreadsBatch}, flash attention {(FlashAttention ? "on" : "off")}, KV {(UnifiedKv ? "unified" : "split")}";

    public string[] ToArgs() =>
        ["--threads", Threads.ToString(CultureInfo.InvariantCulture), "--threads-batch", ThreadsBatch.ToString(CultureInfo.InvariantCulture),
         "--flash", FlashAttention ? "on" : "off", "--kv", UnifiedKv ? "unified" : "split"];

    public static DecodeConfig FromArgs(Args args) =>
        new(args.Int("--threads", 1), args.Int("--threads-batch", 1), args.String("--flash") == "on", args.String("--kv") != "split");

    /// <summary>Every combination the sweep measures.</summary>
    public static IEnumerable<DecodeConfig> Sweep(int maxThreads) =>
        from t in Enumerable.Range(1, maxThreads)
        from tb in Enumerable.Range(1, maxThreads)
        from fa in new[] { false, true }
        from kv in new[] { true, false }
        select new DecodeConfig(t, tb, fa, kv);

    /// <summary>Context parameters sized to the work: <paramref name="sequences"/> slots of <paramref name="cellsPerSequence"/> cells.</summary>
    public LLamaContextParams ContextParams(int sequences, int cellsPerSequence)
    {
        var p = LLamaContextParams.Default();
        p.n_seq_max = (uint)sequences;
        p.n_ctx = (uint)(sequences * cellsPerSequence);
        p.n_batch = (uint)Math.Max(512, sequences);
        p.n_ubatch = p.n_batch;
        p.n_threads = Threads;
        p.n_threads_batch = ThreadsBatch;
        p.llama_flash_attn_type = FlashAttention ? LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_ENABLED : LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_DISABLED;
        p.kv_unified = UnifiedKv;
        p.no_perf = true;
        return p;
    }
}
