using System.Globalization;
using System.Text.Json.Nodes;
using MathCritique.Grading;

// How often the grader agrees with the correctness labels of real model solutions (agreement-set.jsonl: rows from
// public datasets, each naming its source). Each row is graded whole: the gold text and the model's solution go
// through extraction, under the preset the row names (its dataset's format) and under the default preset.
// Usage: dotnet run -c Release --project bench/GraderAgreement [-- path/to/set.jsonl]
string path = args.FirstOrDefault() ?? Path.Combine(AppContext.BaseDirectory, "agreement-set.jsonl");
var rows = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Row.Parse).ToArray();
Console.WriteLine($"# GraderAgreement  {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z  {rows.Length} rows from {Path.GetFileName(path)}");

var graders = GradingPreset.All.ToDictionary(p => p.Name, p => new MathGrader(p.ApplyTo(GraderOptions.Default)));
MathGrader For(Row row) => graders[GradingPreset.Parse(row.Preset).Name];
var graded = rows.Select(r => (Row: r, Own: For(r).Grade(r.Gold, r.Pred), Default: graders["default"].Grade(r.Gold, r.Pred))).ToArray();

Console.WriteLine();
Console.WriteLine("| rows | labelled correct | agreement, row's preset | agreement, default preset |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var group in graded.GroupBy(g => $"{g.Row.Family} ({g.Row.LabelSource} label)").OrderBy(g => g.Key, StringComparer.Ordinal))
    Line(group.Key, group.ToArray());
foreach (var kind in graded.GroupBy(g => g.Row.LabelSource).OrderBy(g => g.Key, StringComparer.Ordinal))
    Line($"**all {kind.Key} labels**", kind.ToArray());
Line("**all**", graded);

// The check: a gold that is a whole reference solution grades as its bare final answer does.
var wholeGold = graded.Where(g => g.Own.GoldAnswer is { } answer && answer != g.Row.Gold.Trim()).ToArray();
int same = wholeGold.Count(g => For(g.Row).Grade(g.Own.GoldAnswer!, g.Row.Pred).Correct == g.Own.Correct);
Console.WriteLine();
Console.WriteLine($"Rows whose gold is a whole reference solution: {wholeGold.Length}; same verdict with the bare final answer as gold: {same}/{wholeGold.Length}.");

var disagreements = graded.Where(g => g.Own.Correct != g.Row.Expected || g.Default.Correct != g.Row.Expected).ToArray();
Console.WriteLine();
Console.WriteLine(disagreements.Length == 0 ? "No disagreements." : "| disagreement | label | preset | grader says | gold answer | predicted answer (rule) | why |");
if (disagreements.Length > 0)
    Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (row, own, byDefault) in disagreements)
{
    foreach (var (preset, result) in new[] { (row.Preset, own), ("default", byDefault) })
    {
        if (result.Correct != row.Expected)
            Console.WriteLine($"| {row.Id} | {Label(row.Expected)} | {preset} | {Label(result.Correct)} | {Cell(result.GoldAnswer)} | {Cell(result.PredictedAnswer)} ({RuleName(result.PredictionRule)}) | {Cell(result.Why ?? result.Reason)} |");
    }
}

static void Line(string name, (Row Row, GradeResult Own, GradeResult Default)[] group)
{
    int own = group.Count(g => g.Own.Correct == g.Row.Expected), byDefault = group.Count(g => g.Default.Correct == g.Row.Expected);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {group.Count(g => g.Row.Expected)} of {group.Length} | {own}/{group.Length} ({100.0 * own / group.Length:F0}%) | {byDefault}/{group.Length} ({100.0 * byDefault / group.Length:F0}%) |"));
}

static string Label(bool correct) => correct ? "correct" : "wrong";

static string RuleName(ExtractionMethod? rule) => rule?.ToString() ?? "none";

static string Cell(string? text)
{
    if (text is null)
        return "—";
    var oneLine = text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
    return oneLine.Length <= 70 ? oneLine : oneLine[..70] + "…";
}

/// <summary>One labelled model solution: the gold text, the model's text, and whether its final answer is right.</summary>
internal sealed record Row(string Id, string Family, string LabelSource, string Preset, string Gold, string Pred, bool Expected)
{
    public static Row Parse(string line)
    {
        var o = JsonNode.Parse(line)!.AsObject();
        return new Row((string)o["id"]!, (string)o["family"]!, (string)o["label_source"]!, (string)o["preset"]!,
            (string)o["gold"]!, (string)o["pred"]!, (bool)o["expected"]!);
    }
}
