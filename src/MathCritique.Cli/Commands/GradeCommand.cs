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
            Required = true,
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write graded JSON Lines (default: stdout)." };
        var tolerance = new Option<double>("--tolerance") { Description = "Relative tolerance for numbers.", DefaultValueFactory = _ => 1e-6 };
        var percent = new Option<PercentPolicy>("--percent") { Description = "How 10% relates to 10 and 0.1.", DefaultValueFactory = _ => PercentPolicy.Lenient };

        var command = new Command("grade", "Extract final answers and check them against gold answers.") { input, output, tolerance, percent };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputFile = parse.GetValue(input)!;
            if (!inputFile.Exists)
                throw new FileNotFoundException($"input file not found: {inputFile.FullName}", inputFile.FullName);
            var grader = new MathGrader(new GraderOptions { RelativeTolerance = parse.GetValue(tolerance), Percent = parse.GetValue(percent) });
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
