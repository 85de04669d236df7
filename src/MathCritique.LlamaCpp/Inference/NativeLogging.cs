using LLama.Native;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>llama.cpp writes a lot to stderr on every load; this routes its log through a filter.</summary>
public static class NativeLogging
{
    /// <summary>
    /// Drops llama.cpp messages below <paramref name="minimum"/> (default: errors only). Process-wide, as llama.cpp's log is;
    /// call once at start-up (tests, CLI).
    /// </summary>
    public static void Suppress(LLamaLogLevel minimum = LLamaLogLevel.Error)
    {
        var continuing = false;
        NativeLogConfig.llama_log_set((level, message) =>
        {
            // Continue lines belong to the previous message: keep them with it.
            var keep = level == LLamaLogLevel.Continue ? continuing : level >= minimum && level != LLamaLogLevel.None;
            continuing = keep;
            if (keep)
                Console.Error.Write(message);
        });
    }
}
