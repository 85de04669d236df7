// Generation throughput of the in-process engine against the best bare llama_decode configuration, one process per
// measurement so that no run inherits another's thread state (the CPU backend's OpenMP threads slow down once a
// second thread has driven a multi-threaded decode in the process). A sweep finds the best raw configuration for
// each N; then the rows are measured again in alternating rounds (best of the rounds), so neither the sweep's
// winner's curse nor the machine's drift over minutes favours a row.
// Usage: dotnet run -c Release --project bench/EngineBench [-- --tokens 128 --repeat 3 --rounds 3 --n 1,8,32 --max-threads 2 --keep DIR]
using System.Globalization;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;

var arguments = new Args(args);
if (arguments.String("--child") is { } kind)
    return await Child.RunAsync(kind, arguments);

int tokens = arguments.Int("--tokens", 128);
int repeats = arguments.Int("--repeat", 3);
int rounds = arguments.Int("--rounds", 3);
int maxThreads = arguments.Int("--max-threads", Environment.ProcessorCount);
int[] counts = arguments.Ints("--n", [1, 8, 32]);
string? keep = arguments.String("--keep");

var models = new (string Name, LlamaConfig Config)[]
{
    ("0.59 M (lab actor size: n_embd 128, 2 layers, 4 heads of 32, ff 512)", new LlamaConfig { EmbeddingLength = 128, BlockCount = 2, FeedForwardLength = 512, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 }),
    ("4.3 M (n_embd 256, 4 layers, 4 heads of 64, ff 1024)", new LlamaConfig { EmbeddingLength = 256, BlockCount = 4, FeedForwardLength = 1024, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 }),
};

NativeLogging.Suppress();
var dir = keep ?? Directory.CreateTempSubdirectory("engine-bench-").FullName;
Directory.CreateDirectory(dir);
try
{
    var paths = models.Select(m => Path.Combine(dir, $"random-{m.Config.EmbeddingLength}x{m.Config.BlockCount}.gguf")).ToArray();
    for (int m = 0; m < models.Length; m++)
        LlamaModelFile.CreateRandom(models[m].Config, seed: 1 + m).Save(paths[m]);
    var promptFile = Path.Combine(dir, "prompt.txt");
    using (var formatter = await LlamaSampler.LoadAsync(paths[0], new LlamaEngineOptions { ContextSize = 256, MaxParallelSequences = 1 }))
        await File.WriteAllTextAsync(promptFile, formatter.FormatPrompt(SamplerRun.Request(Child.Prompt, 1, tokens, 0)));

    string[] Common(params int[] ns) => ["--tokens", tokens.ToString(CultureInfo.InvariantCulture), "--repeat", repeats.ToString(CultureInfo.InvariantCulture),
        "--n", string.Join(',', ns), "--prompt-file", promptFile];
    Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores; up to {tokens} tokens per sequence at temperature 1 (a sequence that samples the " +
                      $"end token stops; every row draws the same tokens from the same seeds); a cell is the best of {repeats} measurements of ≥ 0.5 s in one process, " +
                      $"then the best over {rounds} alternating rounds of fresh processes; contexts sized to the work (N slots).");
    for (int m = 0; m < models.Length; m++)
    {
        string partner = paths[(m + 1) % paths.Length];
        Console.WriteLine();
        Console.WriteLine($"### {models[m].Name}");
        Console.WriteLine();
        var sweep = DecodeConfig.Sweep(maxThreads)
            .Select(config => (Config: config, Result: ChildResult.Run([.. Common(counts), "--child", "raw", "--model", paths[m], .. config.ToArgs()])))
            .ToList();
        var best = counts.Select((_, i) => sweep.MaxBy(s => s.Result.TokensPerSecond[i]).Config).ToArray();

        var rows = new (string Label, Func<int, string[]> Arguments)[]
        {
            ("best raw `llama_decode` config for the N (from the sweep)", i => ["--child", "raw", "--model", paths[m], .. best[i].ToArgs()]),
            ("ours, one model in the process", _ => ["--child", "ours", "--model", paths[m]]),
            ("ours, two models alternating (as `eval`: the other model samples before each timed call)", _ => ["--child", "ours", "--model", paths[m], "--partner", partner]),
            ("best raw config, two models alternating (the same, for the bare loop)", i => ["--child", "raw", "--model", paths[m], "--partner", partner, .. best[i].ToArgs()]),
            ("ours as before (a decode thread per model, 2 threads, flash attention on), one model", _ => ["--child", "ours", "--model", paths[m], "--engine", "2,2,on", "--own-threads", "yes"]),
            ("ours as before, two models alternating", _ => ["--child", "ours", "--model", paths[m], "--partner", partner, "--engine", "2,2,on", "--own-threads", "yes"]),
            ("LLamaSharp BatchedExecutor, default parameters", _ => ["--child", "executor", "--model", paths[m]]),
        };
        var cells = new double[rows.Length, counts.Length];
        var rss = new double[rows.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < counts.Length; i++)
            {
                for (int r = 0; r < rows.Length; r++)
                {
                    var result = ChildResult.Run([.. Common(counts[i]), .. rows[r].Arguments(i)]);
                    cells[r, i] = Math.Max(cells[r, i], result.TokensPerSecond[0]);
                    rss[r] = Math.Max(rss[r], result.PeakRssMiB);
                }
            }
        }

        Console.WriteLine("| loop | " + string.Join(" | ", counts.Select(n => $"N={n} tok/s (÷ best raw)")) + " | peak RSS |");
        Console.WriteLine("|---|" + string.Concat(counts.Select(_ => "---:|")) + "---:|");
        for (int r = 0; r < rows.Length; r++)
        {
            var values = counts.Select((_, i) => r == 0 ? $"{cells[r, i]:F0}" : $"{cells[r, i]:F0} ({cells[r, i] / cells[0, i]:F2}×)");
            Console.WriteLine($"| {rows[r].Label} | {string.Join(" | ", values)} | {rss[r]:F0} MiB |");
        }
        Console.WriteLine();
        Console.WriteLine("Best raw config per N: " + string.Join("; ", counts.Select((n, i) => $"N={n}: {best[i]}")) + ".");
        Console.WriteLine();
        Console.WriteLine("<details><summary>the sweep (raw loop, tok/s, one process each)</summary>");
        Console.WriteLine();
        Console.WriteLine("| config | " + string.Join(" | ", counts.Select(n => $"N={n}")) + " |");
        Console.WriteLine("|---|" + string.Concat(counts.Select(_ => "---:|")));
        foreach (var (config, result) in sweep)
            Console.WriteLine($"| {config} | " + string.Join(" | ", result.TokensPerSecond.Select(t => $"{t:F0}")) + " |");
        Console.WriteLine();
        Console.WriteLine("</details>");
    }
}
finally
{
    if (keep is null)
        Directory.Delete(dir, recursive: true);
}
return 0;
