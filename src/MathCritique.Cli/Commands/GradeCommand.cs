using System.CommandLine;
using System.Text;
using MathCritique.Grading;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique grade</c>: grades JSON Lines of gold/prediction pairs.</summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "JSON Lines file; each line {\"gold\": ..., \"pred\": ...} (extra fields are passed through).",
        };
        var explain = new Option<bool>("--explain") { Description = "Explain the verdict on one pair (--gold and --pred): the extraction rules tried on each side, what they found, the normalized answers, why they are or are not equivalent." };
        var gold = new Option<string?>("--gold") { Description = "With --explain: the gold text." };
        var pred = new Option<string?>("--pred") { Description = "With --explain: the prediction text." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write graded JSON Lines (default: stdout)." };
        var tolerance = new Option<double>("--tolerance") { Description = "Relative tolerance for numbers.", DefaultValueFactory = _ => 1e-6 };
        var percent = new Option<PercentPolicy>("--percent") { Description = "How 10% relates to 10 and 0.1.", DefaultValueFactory = _ => PercentPolicy.Lenient };
        var decimalComma = new Option<bool>("--decimal-comma") { Description = "Read a lone comma between digits as a decimal point (1,22 = 1.22); thousands grouping (1,000) is tried first. Default: 1,22 is a list." };
        var preset = new Option<string>("--preset")
        {
            Description = "Where the answers are, per dataset: gsm8k (gold '#### 72', predictions '####'/'The answer is'/last number), math (gold \\boxed{}, predictions boxed or LaTeX), plain (a bare answer each side), default (all rules).",
            DefaultValueFactory = _ => GradingPreset.Default.Name,
        };
        var goldRules = new Option<string?>("--gold-rules") { Description = "Extraction rules for the gold side, in priority order, overriding the preset's: e.g. hashes,whole_text (rules: boxed, answer_is, hashes, answer_colon, whole_expression, math_environment, last_number, whole_text)." };
        var predRules = new Option<string?>("--pred-rules") { Description = "Extraction rules for the prediction side, in priority order: e.g. boxed,answer_is,last_number." };

        var command = new Command("grade", "Extract final answers and check them against gold answers.") { input, output, preset, goldRules, predRules, tolerance, percent, decimalComma, explain, gold, pred };
        command.Validators.Add(r =>
        {
            if (r.GetValue(explain) && (r.GetValue(gold) is null || r.GetValue(pred) is null || r.GetValue(input) is not null))
                r.AddError("--explain takes --gold and --pred (one pair), not --input");
            else if (!r.GetValue(explain) && r.GetValue(input) is null)
                r.AddError("give --input FILE, or --explain --gold G --pred P");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var extraction = GradingPreset.Parse(parse.GetValue(preset)!);
            if (parse.GetValue(goldRules) is { } goldOrder)
                extraction = extraction with { GoldExtractor = AnswerExtractor.Parse(goldOrder) };
            if (parse.GetValue(predRules) is { } predOrder)
                extraction = extraction with { PredictionExtractor = AnswerExtractor.Parse(predOrder) };
            var grader = new MathGrader(extraction.ApplyTo(new GraderOptions { RelativeTolerance = parse.GetValue(tolerance), Percent = parse.GetValue(percent), DecimalComma = parse.GetValue(decimalComma) }));
            if (parse.GetValue(explain))
            {
                Console.Write(grader.Explain(parse.GetValue(gold)!, parse.GetValue(pred)!));
                return 0;
            }
            var inputFile = parse.GetValue(input)!;
            if (!inputFile.Exists)
                throw new FileNotFoundException($"input file not found: {inputFile.FullName}", inputFile.FullName);
            var outputFile = parse.GetValue(output);
            using var reader = new StreamReader(inputFile.FullName, Encoding.UTF8);
            await using var writer = outputFile is null
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
                : new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
            var summary = await new JsonlGrader(grader).GradeAsync(
                reader, writer, inputFile.Name, message => Console.Error.WriteLine($"error: {message}"), cancellationToken);
            await Console.Error.WriteLineAsync(
                $"graded {summary.Graded} lines: {summary.Correct} correct ({Percent(summary.Correct, summary.Graded)}), {summary.Errors} malformed");
            return summary.Errors > 0 ? 1 : 0;
        });
        return command;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:F1}%";
}
