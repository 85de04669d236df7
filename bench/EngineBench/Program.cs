// Aggregate generated tokens/s of the in-process llama.cpp engine for N parallel sequences of one prompt,
// on random-weight lab-sized models. Usage: dotnet run -c Release --project bench/EngineBench [-- --tokens 128 --threads 2 --repeat 5 --n 1,8,16,32,64 --context CELLS --keep DIR]
using System.Diagnostics;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;
using MathCritique.Sampling;

int tokens = IntArg("--tokens", 128);
int threads = IntArg("--threads", Environment.ProcessorCount);
string? keep = StringArg("--keep");
int repeats = IntArg("--repeat", 5);
int context = IntArg("--context", 64 * (tokens + 64));
int[] counts = StringArg("--n") is { } list ? list.Split(',').Select(int.Parse).ToArray() : [1, 8, 16, 32, 64];

var models = new (string Name, LlamaConfig Config)[]
{
    ("0.6M (n_embd 128, 2 layers, ff 512)", new LlamaConfig { EmbeddingLength = 128, BlockCount = 2, FeedForwardLength = 512, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 }),
    ("4M (n_embd 256, 4 layers, ff 1024)", new LlamaConfig { EmbeddingLength = 256, BlockCount = 4, FeedForwardLength = 1024, HeadCount = 4, HeadCountKv = 4, ContextLength = 1024 }),
};

NativeLogging.Suppress();
var dir = keep ?? Directory.CreateTempSubdirectory("engine-bench-").FullName;
Directory.CreateDirectory(dir);
Console.WriteLine($"threads {threads}, context {context}, best of {repeats} runs, {tokens} max tokens per sequence, temperature 1 (a sequence that samples EOS ends early)");
Console.WriteLine("| model | params | loop | N=" + string.Join(" | N=", counts) + " |");
Console.WriteLine("|---|---|---|" + string.Concat(counts.Select(_ => "---|")));
try
{
    foreach (var (name, config) in models)
    {
        var path = Path.Combine(dir, $"random-{config.EmbeddingLength}x{config.BlockCount}.gguf");
        LlamaModelFile.CreateRandom(config, seed: 1).Save(path);
        var options = new LlamaEngineOptions { ContextSize = context, MaxParallelSequences = 64, Threads = threads, BatchSize = 512 };
        using var sampler = await LlamaSampler.LoadAsync(path, options);
        var request = SamplingRequest.FromUser("Compute 37 + 48 and explain every carry.", n: 1,
            new SamplingOptions { Temperature = 1f, MaxTokens = tokens }, seed: 1);
        await sampler.SampleAsync(request with { N = 4 }); // warm-up
        var cells = new List<string>();
        var rawCells = new List<string>();
        using var raw = RawDecodeLoop.Load(path, options);
        var promptTokens = raw.Tokenize(sampler.FormatPrompt(request));
        foreach (int n in counts)
        {
            // Best of several runs: the build machine is shared, and the best run is the least disturbed one.
            double best = 0, bestRaw = 0;
            for (int run = 0; run < repeats; run++)
            {
                var watch = Stopwatch.StartNew();
                var result = await sampler.SampleAsync(request with { N = n, Seed = (ulong)run });
                watch.Stop();
                long generated = result.Completions.Sum(c => (long)c.GeneratedTokens);
                best = Math.Max(best, generated / watch.Elapsed.TotalSeconds);
                // The ceiling: the same prompt, sequences and token counts through a bare llama_decode loop.
                bestRaw = Math.Max(bestRaw, raw.TokensPerSecond(promptTokens, result.Completions.Select(c => c.GeneratedTokens).ToArray(), seed: (uint)run));
            }
            cells.Add($"{best:F0}");
            rawCells.Add($"{bestRaw:F0} ({best / bestRaw:F2}×)");
        }
        Console.WriteLine($"| {name} | {config.ParameterCount / 1e6:F2} M | ours | {string.Join(" | ", cells)} |");
        Console.WriteLine($"| {name} | {config.ParameterCount / 1e6:F2} M | raw llama_decode loop (ours ÷ raw) | {string.Join(" | ", rawCells)} |");
        Console.WriteLine($"| {name} | | peak RSS of the process so far | {PeakRssMiB():F0} MiB |");

    }
}
finally
{
    if (keep is null)
        Directory.Delete(dir, recursive: true);
}

static double PeakRssMiB() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

int IntArg(string name, int fallback) => StringArg(name) is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
