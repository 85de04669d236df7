using System.Diagnostics;
using System.Globalization;
using MathCritique.Grading;
using MathCritique.Tests.Grading;

// Grader throughput and latency, single thread. Usage: dotnet run -c Release --project bench/GraderBench [-- --quick]
bool quick = args.Contains("--quick");
var grader = new MathGrader();
Console.WriteLine($"# GraderBench  {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z  .NET {Environment.Version}  {Environment.ProcessorCount} logical CPUs  {(quick ? "quick" : "full")}");
Console.WriteLine();
Console.WriteLine("| set | verdicts | verdicts/s | p50 µs | p99 µs | max µs |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");

var plain = PlainNumberPairs(20_000, seed: 42);
Report("plain numbers", Measure(grader, plain, rounds: quick ? 5 : 50));

var latex = EquivalenceCases.All().Where(c => !IsPlain(c.Gold) || !IsPlain(c.Pred)).Select(c => (c.Gold, c.Pred)).ToArray();
Report($"mixed LaTeX ({latex.Length} pairs)", Measure(grader, latex, rounds: quick ? 5 : 50));

Console.WriteLine();
Console.WriteLine("| hostile input | length | verdict | first call ms (cold) | max ms of 5 warm |");
Console.WriteLine("|---|---:|---|---:|---:|");
foreach (var (name, gold, text) in HostileInputs())
{
    long cold = Stopwatch.GetTimestamp();
    var result = grader.CompareAnswers(gold, text);
    double coldMs = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
    double worst = 0;
    for (int i = 0; i < 5; i++)
    {
        long start = Stopwatch.GetTimestamp();
        result = grader.CompareAnswers(gold, text);
        worst = Math.Max(worst, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {text.Length:N0} | {result.Reason} | {coldMs:F3} | {worst:F3} |"));
}

static void Report(string name, (int Count, double PerSecond, double P50, double P99, double Max) r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Count:N0} | {r.PerSecond:N0} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} |"));

static (int, double, double, double, double) Measure(MathGrader grader, (string Gold, string Pred)[] pairs, int rounds)
{
    foreach (var (gold, pred) in pairs)
        grader.AreEquivalent(gold, pred); // warm up: JIT and tiering
    var latencies = new double[pairs.Length * rounds];
    int n = 0, equal = 0;
    long total = Stopwatch.GetTimestamp();
    for (int round = 0; round < rounds; round++)
    {
        foreach (var (gold, pred) in pairs)
        {
            long start = Stopwatch.GetTimestamp();
            if (grader.AreEquivalent(gold, pred))
                equal++;
            latencies[n++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
    }
    double seconds = Stopwatch.GetElapsedTime(total).TotalSeconds;
    GC.KeepAlive(equal);
    Array.Sort(latencies);
    return (n, n / seconds, latencies[n / 2], latencies[(int)(n * 0.99)], latencies[^1]);
}

static (string, string)[] PlainNumberPairs(int count, int seed)
{
    var rng = new Random(seed);
    var pairs = new (string, string)[count];
    for (int i = 0; i < count; i++)
    {
        string gold = rng.Next(4) switch
        {
            0 => rng.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
            1 => rng.Next(1000, 10_000_000).ToString("N0", CultureInfo.InvariantCulture),
            2 => (rng.Next(0, 100_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture),
            _ => (-rng.Next(1, 500)).ToString(CultureInfo.InvariantCulture),
        };
        string pred = rng.Next(3) == 0 ? gold.Replace(",", "", StringComparison.Ordinal) : rng.Next(0, 1000).ToString(CultureInfo.InvariantCulture);
        pairs[i] = (gold, pred);
    }
    return pairs;
}

static bool IsPlain(string s) => s.All(c => char.IsAsciiDigit(c) || c is '.' or ',' or '-');

static IEnumerable<(string Name, string Gold, string Pred)> HostileInputs() =>
[
    ("400-item set vs itself reversed", Set(Enumerable.Range(1, 400)), Set(Enumerable.Range(1, 400).Reverse())),
    .. HostileAnswers().Select(h => (h.Item1, "5", h.Item2)),
];

static string Set(IEnumerable<int> items) => "\\{" + string.Join(",", items) + "\\}";

static IEnumerable<(string, string)> HostileAnswers() =>
[
    ("9^9^9^9", "9^9^9^9"),
    ("10!!!!!!", "10!!!!!!"),
    ("2^{2^{2^{2^{2^{2}}}}}", "2^{2^{2^{2^{2^{2}}}}}"),
    ("10k nested braces", new string('{', 10_000) + "5" + new string('}', 10_000)),
    ("900 nested parentheses", new string('(', 900) + "5" + new string(')', 900)),
    ("180 nested \\frac", string.Concat(Enumerable.Repeat(@"\frac{1}{", 180)) + "2" + new string('}', 180)),
    ("280 nested \\text", string.Concat(Enumerable.Repeat(@"\text{", 280)) + "5" + new string('}', 280)),
    ("40 \\pm", string.Concat(Enumerable.Repeat(@"1\pm", 40)) + "1"),
    ("600-item list", string.Join(",", Enumerable.Range(1, 600))),
    ("1 MB of digits", new string('9', 1_000_000)),
    ("1 MB of LaTeX", string.Concat(Enumerable.Repeat(@"\frac{1}{2}+", 100_000))),
];
