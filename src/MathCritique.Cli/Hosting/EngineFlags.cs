using System.CommandLine;

namespace MathCritique.Cli.Hosting;

/// <summary>In-process engine settings that every command loading a GGUF takes (options of the root command).</summary>
internal static class EngineFlags
{
    public static Option<string> FlashAttention { get; } = CreateFlashAttention();

    /// <summary>null: the engine's rule (on for attention heads of 64 dimensions or more).</summary>
    public static bool? FlashAttentionOf(ParseResult parse) => parse.GetValue(FlashAttention) switch
    {
        "on" => true,
        "off" => false,
        _ => null,
    };

    private static Option<string> CreateFlashAttention()
    {
        var option = new Option<string>("--flash-attention")
        {
            Recursive = true,
            Description = "In-process models: flash attention auto (on for heads of 64 dimensions or more), on or off. " +
                          "Figures measured before 2026-12-03 ran with it on.",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "on", "off");
        return option;
    }
}
