using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MathCritique.Grading;
using MathCritique.Tests.Grading;

// Grader throughput and latency, single thread. Usage: dotnet run -c Release --project bench/GraderBench [-- --quick]
bool quick = args.Contains("--quick");
var grader = new MathGrader();
Console.WriteLine($"# GraderBench  {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z  .NET {Environment.Version}  {Environment.ProcessorCount} logical CPUs  {(quick ? "quick" : "full")}");
Console.WriteLine();
Console.WriteLine("| set | verdicts | verdicts/s | p50 µs | p99 µs | max µs |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");

Func<string, string, bool> compare = grader.AreEquivalent, grade = (gold, pred) => grader.Grade(gold, pred).Correct;
var plain = PlainNumberPairs(20_000, seed: 42);
Report("plain numbers", Measure(compare, plain, rounds: quick ? 5 : 50));

var latex = EquivalenceCases.All().Where(c => !IsPlain(c.Gold) || !IsPlain(c.Pred)).Select(c => (c.Gold, c.Pred)).ToArray();
Report($"mixed LaTeX ({latex.Length} pairs)", Measure(compare, latex, rounds: quick ? 5 : 50));

// Extraction included: Grade on whole texts, the gold a reference solution and the prediction a model's solution.
var real = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "agreement-set.jsonl"))
    .Select(l => JsonNode.Parse(l)!.AsObject()).Select(o => ((string)o["gold"]!, (string)o["pred"]!)).ToArray();
Report($"whole solutions, real ({real.Length} of bench/GraderAgreement)", Measure(grade, real, rounds: quick ? 20 : 200));
var solutions = WholeSolutions(EquivalenceCases.All().Select(c => (c.Gold, c.Pred)).ToArray(), real.Select(r => r.Item2).ToArray());
Report($"whole solutions, every family ({solutions.Length} pairs)", Measure(grade, solutions, rounds: quick ? 5 : 50));

Console.WriteLine();
Console.WriteLine("| hostile input | length | verdict | first call ms (cold) | max ms of 5 warm |");
Console.WriteLine("|---|---:|---|---:|---:|");
// Already-extracted answers go to CompareAnswers; whole texts ("… (whole text)") to Grade, extraction included.
foreach (var (name, gold, text) in HostileInputs())
{
    Func<GradeResult> verdict = name.EndsWith("(whole text)", StringComparison.Ordinal)
        ? () => grader.Grade(gold, text)
        : () => grader.CompareAnswers(gold, text);
    long cold = Stopwatch.GetTimestamp();
    var result = verdict();
    double coldMs = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
    double worst = 0;
    for (int i = 0; i < 5; i++)
    {
        long start = Stopwatch.GetTimestamp();
        result = verdict();
        worst = Math.Max(worst, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {text.Length:N0} | {result.Reason} | {coldMs:F3} | {worst:F3} |"));
}

static void Report(string name, (int Count, double PerSecond, double P50, double P99, double Max) r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Count:N0} | {r.PerSecond:N0} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} |"));

static (int, double, double, double, double) Measure(Func<string, string, bool> verdict, (string Gold, string Pred)[] pairs, int rounds)
{
    foreach (var (gold, pred) in pairs)
        verdict(gold, pred); // warm up: JIT and tiering
    var latencies = new double[pairs.Length * rounds];
    int n = 0, equal = 0;
    long total = Stopwatch.GetTimestamp();
    for (int round = 0; round < rounds; round++)
    {
        foreach (var (gold, pred) in pairs)
        {
            long start = Stopwatch.GetTimestamp();
            if (verdict(gold, pred))
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

// Each equivalence case as whole texts: the gold inside a MATH-style reference solution, the prediction at the end of a
// real model solution's reasoning, stated each way a model states it (boxed, "The answer is", ####, a last environment,
// a "# Answer" heading, a bare last line).
static (string, string)[] WholeSolutions((string Gold, string Pred)[] cases, string[] reasoning) =>
    cases.Select((c, i) => (
        $"We count the cases as in the figure, so $2\\cdot 3 = 6$ and the result is $\\boxed{{{c.Gold}}}$.",
        Reasoning(reasoning[i % reasoning.Length]) + "\n" + (i % 6) switch
        {
            0 => $"So the final answer is $\\boxed{{{c.Pred}}}$.",
            1 => $"The answer is {c.Pred}.",
            2 => $"#### {c.Pred}",
            3 => $"Putting it together we get ${c.Pred}$",
            4 => $"# Answer\n\n{c.Pred}",
            _ => c.Pred,
        })).ToArray();

// A solution's working without the lines that state its own final answer.
static string Reasoning(string solution) => string.Join('\n', solution.Split('\n').Where(line =>
    !line.Contains("####", StringComparison.Ordinal) && !line.Contains("answer", StringComparison.OrdinalIgnoreCase)));

static bool IsPlain(string s) => s.All(c => char.IsAsciiDigit(c) || c is '.' or ',' or '-');

static IEnumerable<(string Name, string Gold, string Pred)> HostileInputs() =>
[
    ("400-item set vs itself reversed", Set(Enumerable.Range(1, 400)), Set(Enumerable.Range(1, 400).Reverse())),
    .. HostileAnswers().Select(h => (h.Item1, "5", h.Item2)),
    .. HostileSolutions().Select(h => (h.Item1 + " (whole text)", "5", h.Item2)),
];

// Texts that make an extraction rule scan: every rule is linear, and at most a few candidates are parsed.
static IEnumerable<(string, string)> HostileSolutions() =>
[
    ("1 MB of prose, no answer", string.Concat(Enumerable.Repeat("and so on, ", 100_000))),
    ("100k math environments", string.Concat(Enumerable.Repeat("$x+1$ ", 100_000))),
    ("100k unclosed \\boxed{", string.Concat(Enumerable.Repeat("\\boxed{", 100_000))),
    ("100k empty \"Answer:\" lines", string.Concat(Enumerable.Repeat("Answer:\n", 100_000))),
    ("1 MB answer line", "The answer is " + new string('9', 1_000_000)),
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
