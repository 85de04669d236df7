using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MathCritique.Problems;

/// <summary>Which JSON fields of a generic dataset hold what a <see cref="Problem"/> needs.</summary>
public sealed record ProblemFieldMap
{
    public string Question { get; init; } = "question";
    public string Answer { get; init; } = "answer";
    /// <summary>Optional: ids default to <c>&lt;file stem&gt;-&lt;n&gt;</c>.</summary>
    public string? Id { get; init; }
    public string? Solution { get; init; }
    /// <summary>Optional: an integer, or text ending in one ("Level 3").</summary>
    public string? Level { get; init; }

    /// <summary>Parses <c>question=problem,answer=final,id=uid,solution=steps,level=difficulty</c>.</summary>
    public static ProblemFieldMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = new ProblemFieldMap();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[1].Length == 0)
                throw new FormatException($"Cannot read field mapping '{part}': use role=field, e.g. question=problem.");
            map = pair[0].ToLowerInvariant() switch
            {
                "question" => map with { Question = pair[1] },
                "answer" => map with { Answer = pair[1] },
                "id" => map with { Id = pair[1] },
                "solution" => map with { Solution = pair[1] },
                "level" => map with { Level = pair[1] },
                var role => throw new FormatException($"Unknown role '{role}' in field mapping: use question, answer, id, solution or level."),
            };
        }
        return map;
    }
}

/// <summary>Reads any JSON Lines dataset whose fields a <see cref="ProblemFieldMap"/> names; errors name the file and line.</summary>
public static class FieldMappedLoader
{
    public static async Task<IReadOnlyList<Problem>> ReadAsync(string path, ProblemFieldMap map, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return await ReadAsync(reader, map, path, Path.GetFileNameWithoutExtension(path), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<Problem>> ReadAsync(TextReader reader, ProblemFieldMap map, string sourceName, string idPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(map);
        var problems = new List<Problem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (json, lineNumber) in JsonLines.ReadObjectsAsync(reader, sourceName, cancellationToken).ConfigureAwait(false))
        {
            string Text(string field) => json[field] switch
            {
                null => throw new FormatException($"{sourceName}:{lineNumber}: missing field '{field}'"),
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v => v.ToJsonString(), // numeric answers and ids
                _ => throw new FormatException($"{sourceName}:{lineNumber}: field '{field}' must be a string or a number"),
            };
            var id = map.Id is null ? $"{idPrefix}-{problems.Count}" : Text(map.Id);
            if (!ids.Add(id))
                throw new FormatException($"{sourceName}:{lineNumber}: duplicate id '{id}'");
            int? level = null;
            if (map.Level is not null && json[map.Level] is not null)
            {
                var digits = new string(Text(map.Level).Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
                level = digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture)
                    : throw new FormatException($"{sourceName}:{lineNumber}: field '{map.Level}' has no level number");
            }
            problems.Add(new Problem(id, Text(map.Question).Trim(), Text(map.Answer).Trim(),
                map.Solution is null ? null : Text(map.Solution), level, Path.GetFileNameWithoutExtension(sourceName)));
        }
        return problems;
    }
}
