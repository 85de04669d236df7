using System.CommandLine;
using System.Text;
using MathCritique.Cli.Hosting;
using MathCritique.Lab;
using MathCritique.Problems;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique lab problems</c>: writes generated lab problems as ProblemFile JSON Lines.</summary>
internal static class LabProblemsCommand
{
    public static Command Create()
    {
        var level = new Option<int>("--level", "-l") { Description = "Difficulty 1..5 (about that many steps).", Required = true };
        var count = new Option<int>("--count", "-n") { Description = "How many problems.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 0 };
        var start = new Option<int>("--start") { Description = "Index of the first problem (to extend a set).", DefaultValueFactory = _ => 0 };
        var split = LabSplitOption.Create(LabSplit.Train);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write JSON Lines (default: stdout)." };

        var command = new Command("problems", "Generate lab word problems with exact plans.") { level, count, seed, start, split, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int levelValue = parse.GetValue(level), countValue = parse.GetValue(count), startValue = parse.GetValue(start);
            if (levelValue is < LabProblemGenerator.MinLevel or > LabProblemGenerator.MaxLevel)
                throw new ArgumentException($"--level must be {LabProblemGenerator.MinLevel}..{LabProblemGenerator.MaxLevel}, got {levelValue}");
            if (countValue < 0 || startValue < 0)
                throw new ArgumentException("--count and --start must not be negative");
            var generator = new LabProblemGenerator(parse.GetValue(seed));
            var problems = generator.Generate(levelValue, parse.GetSplit(split), countValue, startValue).Select(p => p.ToProblem());
            var outputFile = parse.GetValue(output);
            await using var writer = outputFile is null
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
                : new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
            await ProblemFile.WriteAsync(writer, problems, cancellationToken);
            if (outputFile is not null)
                await Console.Error.WriteLineAsync($"wrote {countValue} level-{levelValue} problems to {outputFile.FullName}");
            return 0;
        });
        return command;
    }
}
