// Throughput of `serve` on loopback driven by our RemoteSampler, against the same requests in-process, at several
// concurrencies. Usage: dotnet run -c Release --project bench/ServeBench [-- --model models/lab-actor.gguf --requests 64 --tokens 128 --threads 2 --concurrency 1,8,32]
using System.Diagnostics;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;
using MathCritique.Sampling.Remote;
using MathCritique.Serving;

string model = StringArg("--model") ?? "models/lab-actor.gguf";
int requestCount = IntArg("--requests", 64);
int tokens = IntArg("--tokens", 128);
int threads = IntArg("--threads", Environment.ProcessorCount);
int[] concurrencies = StringArg("--concurrency") is { } list ? list.Split(',').Select(int.Parse).ToArray() : [1, 8, 32];

// Distinct lab questions (level 3, test split), sampled at temperature 1 with one seed each: every request is its own prompt.
var prompts = LabPrompts.Create();
var requests = new LabProblemGenerator(2024).Generate(3, LabSplit.Test, requestCount)
    .Select((p, i) => SamplingRequest.FromUser(prompts.BuildSolve(p.Question), 1, new SamplingOptions { Temperature = 1f, MaxTokens = tokens }, (ulong)i))
    .ToArray();

NativeLogging.Suppress();
var engine = new LlamaEngineOptions { ContextSize = 32 * 1024, MaxParallelSequences = 32, Threads = threads, BatchSize = 512 };
using var sampler = await LlamaSampler.LoadAsync(model, engine);
await using var server = await OpenAiServer.StartAsync(new Dictionary<string, ISampler> { ["bench"] = sampler }, new ServerOptions { Port = 0 });
await sampler.SampleAsync(requests.Take(4).ToArray()); // warm-up

Console.WriteLine($"{model}, {requestCount} requests (distinct level-3 lab prompts, temperature 1, ≤ {tokens} tokens), {threads} threads, {engine.MaxParallelSequences} parallel sequences");
Console.WriteLine("| path | concurrency | requests/s | generated tokens/s | vs in-process |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (int c in concurrencies)
{
    var local = await TimeAsync(() => InProcessAsync(c));
    using var remote = RemoteSampler.CreatePipeline(new RemoteSamplerOptions { BaseUrl = server.BaseUrl, Model = "bench", MaxConcurrency = c, RequestTimeout = TimeSpan.FromMinutes(10) });
    var served = await TimeAsync(async () => await remote.SampleAsync(requests));
    Console.WriteLine($"| in-process (concurrent calls) | {c} | {local.Rps:F1} | {local.Tps:F0} | 1.00 |");
    Console.WriteLine($"| serve + RemoteSampler (loopback) | {c} | {served.Rps:F1} | {served.Tps:F0} | {served.Tps / local.Tps:F2} |");
}

// c callers, each sampling one request at a time (what c concurrent HTTP clients do), all sharing the engine.
async Task<IReadOnlyList<SamplingResult>> InProcessAsync(int c)
{
    var results = new SamplingResult[requests.Length];
    int next = -1;
    await Task.WhenAll(Enumerable.Range(0, c).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < requests.Length;)
            results[i] = (await sampler.SampleAsync([requests[i]]))[0];
    })));
    return results;
}

async Task<(double Rps, double Tps)> TimeAsync(Func<Task<IReadOnlyList<SamplingResult>>> run)
{
    var watch = Stopwatch.StartNew();
    var results = await run();
    double seconds = watch.Elapsed.TotalSeconds;
    long generated = results.Sum(r => r.Completions.Sum(x => (long)x.GeneratedTokens));
    return (results.Count / seconds, generated / seconds);
}

int IntArg(string name, int fallback) => StringArg(name) is { } v ? int.Parse(v) : fallback;

string? StringArg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
