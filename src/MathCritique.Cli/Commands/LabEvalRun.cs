using System.Text.Json;
using MathCritique.Runs;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary>What the lab eval commands share: held-out problems by level in, records.jsonl and report.md out.</summary>
internal static class LabEvalRun
{
    /// <summary>Writes the records and the report (a title over the table) to the directory, and prints the table.</summary>
    public static async Task WriteAsync<T>(DirectoryInfo output, IEnumerable<T> records, string title, string table, CancellationToken cancellationToken)
    {
        var directory = output.FullName;
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(Path.Combine(directory, "records.jsonl"), records.Select(r => JsonSerializer.Serialize(r, JsonFormat.Compact)), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), $"# {title}\n\n{table}", cancellationToken);
        AnsiConsole.WriteLine(table);
    }
}
