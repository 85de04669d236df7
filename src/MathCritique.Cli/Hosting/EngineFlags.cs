using System.CommandLine;
using MathCritique.LlamaCpp.Inference;

namespace MathCritique.Cli.Hosting;

/// <summary>In-process engine settings that every command loading a GGUF takes (options of the root command).</summary>
internal static class EngineFlags
{
    public static Option<string> FlashAttention { get; } = CreateFlashAttention();

    public static Option<string> KvCache { get; } = CreateKvCache();

    /// <summary>The engine settings of a model the command opens from a GGUF path.</summary>
    public static LlamaEngineOptions Engine(ParseResult parse) =>
        parse.GetValue(KvCache) == "unified"
            ? new LlamaEngineOptions { ContextSize = 16384, MaxParallelSequences = 16, UnifiedKvCache = true, FlashAttention = FlashAttentionOf(parse) }
            // Pipelines send many distinct prompts (solutions, critiques, refinements): one KV stream per sequence keeps
            // each decode's attention to its own cells (eval ran 1.4× faster, bench/README.md); 4096 cells a sequence
            // hold every lab prompt + completion.
            : new LlamaEngineOptions { ContextSize = 16 * 4096, MaxParallelSequences = 16, UnifiedKvCache = false, FlashAttention = FlashAttentionOf(parse) };

    /// <summary>
    /// The engine settings of a command that takes its own <c>--context</c>, <c>--parallel</c> and <c>--threads</c>
    /// (generate, serve): a batch that holds one token of every sequence, validated.
    /// </summary>
    public static LlamaEngineOptions Batched(ParseResult parse, int context, int parallel, int threads)
    {
        var engine = new LlamaEngineOptions
        {
            ContextSize = context,
            MaxParallelSequences = parallel,
            Threads = threads,
            BatchThreads = threads,
            FlashAttention = FlashAttentionOf(parse),
        };
        engine = engine with { BatchSize = Math.Max(engine.BatchSize, engine.MaxParallelSequences) };
        engine.Validate();
        return engine;
    }

    /// <summary>null: the engine's rule (on for attention heads of 64 dimensions or more).</summary>
    public static bool? FlashAttentionOf(ParseResult parse) => parse.GetValue(FlashAttention) switch
    {
        "on" => true,
        "off" => false,
        _ => null,
    };

    private static Option<string> CreateKvCache()
    {
        var option = new Option<string>("--kv-cache")
        {
            Recursive = true,
            Description = "In-process models: split (a KV stream of 4096 cells for each of 16 sequences) or unified (16384 cells shared by all; " +
                          "with --flash-attention on, reproduces figures measured before 2026-12-03 exactly).",
            DefaultValueFactory = _ => "split",
        };
        option.AcceptOnlyFromAmong("split", "unified");
        return option;
    }

    private static Option<string> CreateFlashAttention()
    {
        var option = new Option<string>("--flash-attention")
        {
            Recursive = true,
            Description = "In-process models: flash attention auto (on for heads of 64 dimensions or more), on or off " +
                          "(figures measured before 2026-12-03 ran with it on and --kv-cache unified).",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "on", "off");
        return option;
    }
}
