using System.Globalization;
using System.Text;
using LLama.Native;
using MathCritique.LlamaCpp.Inference;

/// <summary>
/// The measuring side: one loop kind; for each N a loop sized to the work (N sequence slots), warmed up, then the
/// best of the repeated measurements. Prints <c>tps X</c> per N and <c>rss MiB</c>.
/// </summary>
internal static class Child
{
    public const string Prompt = "Compute 37 + 48 and explain every carry.";

    public static async Task<int> RunAsync(string kind, Args args)
    {
        NativeLogging.Suppress();
        NativeApi.llama_empty_call(); // loads the native libraries before the first raw handle call
        int tokens = args.Int("--tokens", 128);
        int repeats = args.Int("--repeat", 3);
        int[] counts = args.Ints("--n", [1, 8, 32]);
        string model = args.String("--model") ?? throw new ArgumentException("--model");
        string promptText = await File.ReadAllTextAsync(args.String("--prompt-file") ?? throw new ArgumentException("--prompt-file"));
        double window = args.Int("--window-ms", 500) / 1000.0;
        foreach (int n in counts)
        {
            var (run, loop) = await LoadAsync(kind, args, model, promptText, n, tokens);
            using (loop)
            {
                for (int w = 0; w < 2; w++)
                    await run(n, 1000 + (ulong)w);
                // Each measurement runs back to back (seeds 0, 1, 2, …) for at least the window: one run at N = 1 is
                // ~15 ms, too short to time alone. The best measurement is the least disturbed one.
                double best = 0;
                ulong seed = 0;
                for (int r = 0; r < repeats; r++)
                {
                    long generated = 0;
                    double seconds = 0;
                    while (seconds < window)
                    {
                        var (g, s) = await run(n, seed++);
                        generated += g;
                        seconds += s;
                    }
                    best = Math.Max(best, generated / seconds);
                }
                Console.WriteLine(FormattableString.Invariant($"tps {best}"));
            }
        }
        Console.WriteLine(FormattableString.Invariant($"rss {PeakRssMiB()}"));
        return 0;
    }

    private static async Task<(Func<int, ulong, Task<(long Tokens, double Seconds)>> Run, IDisposable Loop)> LoadAsync(
        string kind, Args args, string model, string promptText, int sequences, int tokens)
    {
        switch (kind)
        {
            case "raw":
            {
                var prompt = Tokenize(model, promptText);
                var config = DecodeConfig.FromArgs(args);
                var raw = RawDecodeLoop.Load(model, config, sequences, prompt.Length + tokens + 8);
                if (args.String("--partner") is not { } partnerPath)
                    return ((n, seed) => Task.FromResult(raw.Run(prompt, n, tokens, seed)), raw);
                // The other model decodes the same work first, untimed, on the same thread.
                var partnerPrompt = Tokenize(partnerPath, promptText);
                var partner = RawDecodeLoop.Load(partnerPath, config, sequences, partnerPrompt.Length + tokens + 8);
                return ((n, seed) =>
                {
                    partner.Run(partnerPrompt, n, tokens, seed);
                    return Task.FromResult(raw.Run(prompt, n, tokens, seed));
                }, new Both(raw, partner));
            }
            case "executor":
            {
                var prompt = Tokenize(model, promptText);
                var executor = ExecutorLoop.Load(model, sequences, prompt.Length + tokens + 8);
                return ((n, seed) => Task.FromResult(executor.Run(prompt, n, tokens, seed)), executor);
            }
            case "ours":
            {
                int cells = Tokenize(model, promptText).Length + tokens + 8;
                var options = new LlamaEngineOptions { ContextSize = sequences * cells, MaxParallelSequences = sequences };
                if (args.String("--engine") is { } engine)
                {
                    var parts = engine.Split(',');
                    options = options with
                    {
                        Threads = int.Parse(parts[0], CultureInfo.InvariantCulture),
                        BatchThreads = int.Parse(parts[1], CultureInfo.InvariantCulture),
                        FlashAttention = parts[2] switch { "on" => true, "off" => false, _ => null },
                    };
                }
                var ours = await SamplerRun.LoadAsync(model, args.String("--partner"), options, ownThreads: args.String("--own-threads") == "yes");
                return ((n, seed) => ours.RunAsync(SamplerRun.Request(Prompt, n, tokens, seed)), ours);
            }
            default:
                throw new ArgumentException($"unknown child kind {kind}");
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    private static LLamaToken[] Tokenize(string model, string text)
    {
        using var handle = SafeLlamaModelHandle.LoadFromFile(model, LLamaModelParams.Default());
        return handle.Tokenize(text, handle.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
    }

    private static double PeakRssMiB() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();
}
