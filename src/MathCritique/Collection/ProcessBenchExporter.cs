using MathCritique.CriticEvaluation;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.Solutions;

namespace MathCritique.Collection;

/// <summary>What <see cref="ProcessBenchExporter"/> wrote: rows by label source, and solutions left out by reason.</summary>
public sealed record ProcessBenchExport(IReadOnlyDictionary<string, int> BySource, IReadOnlyDictionary<string, int> LeftOut)
{
    public int Written => BySource.Values.Sum();
}

/// <summary>
/// Writes collect's solutions as a ProcessBench-layout JSONL file (<see cref="FileName"/>), for step-level critic
/// evaluation (<c>critic-eval --data</c>). Every critique record's solution counts, kept by the filter or not (a label
/// does not depend on the critique). A solution whose first wrong step is unknown — a wrong RG1 sample without a
/// checker, an RG2/RG3 continuation of a wrong greedy solution — is left out and counted by reason.
/// </summary>
/// <param name="generator">The model that wrote the solutions (the actor), for the <c>generator</c> field.</param>
/// <param name="labeler">An exact step checker, used for every solution whose problem it is given.</param>
public sealed class ProcessBenchExporter(string generator, ISolutionLabeler? labeler = null)
{
    public const string FileName = "processbench.jsonl";

    public const string NoSteps = "no steps";
    public const string CheckerPastLastStep = "the checker's first error is past the last step (no answer line)";
    public const string UnknownFirstError = "wrong answer, first wrong step unknown";

    /// <summary>The rows, in record order, and the solutions left out by reason.</summary>
    /// <param name="problems">The problems by id, for the checker (it needs the problem, not only its text).</param>
    public (IReadOnlyList<ProcessBenchRow> Rows, IReadOnlyDictionary<string, int> LeftOut) Rows(
        IEnumerable<CritiqueRecord> records, IReadOnlyDictionary<string, Problem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = new List<ProcessBenchRow>();
        var leftOut = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var steps = StepSegmenter.Split(record.Solution).Select(s => s.Text).ToArray();
            var (label, source, reason) = steps.Length == 0 ? (0, null, NoSteps) : Label(record, steps.Length, problems);
            if (source is null)
                leftOut[reason!] = leftOut.GetValueOrDefault(reason!) + 1;
            else
                rows.Add(new ProcessBenchRow(record.Id, generator, record.Question, steps, label, record.SolutionCorrect, source));
        }
        return (rows, leftOut);
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/> (replacing it).</summary>
    public async Task<ProcessBenchExport> ExportAsync(IEnumerable<CritiqueRecord> records, IReadOnlyDictionary<string, Problem>? problems, string directory,
        CancellationToken cancellationToken = default)
    {
        var (rows, leftOut) = Rows(records, problems);
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(Path.Combine(directory, FileName),
            rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r, JsonFormat.Compact)), cancellationToken).ConfigureAwait(false);
        var bySource = rows.GroupBy(r => r.LabelSource).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new ProcessBenchExport(bySource, leftOut);
    }

    // (label, source, null) when the first wrong step is known, else (0, null, why not).
    private (int Label, string? Source, string? Reason) Label(CritiqueRecord record, int stepCount, IReadOnlyDictionary<string, Problem>? problems)
    {
        if (labeler is not null && problems is not null && problems.TryGetValue(record.ProblemId, out var problem))
        {
            var exact = labeler.Label(problem, record.Solution);
            if (exact.Correct)
                return (-1, ProcessBenchLabelSource.Checker, null);
            return exact.FirstWrongStep is { } k && k <= stepCount ? (k - 1, ProcessBenchLabelSource.Checker, null) : (0, null, CheckerPastLastStep);
        }
        if (!record.SolutionCorrect && record.BaseCorrect == true && record.ErrorStep is { } step && step <= stepCount)
        {
            return record.Method switch
            {
                ConstructionMethod.Rg3InsertedMistake => (step - 1, ProcessBenchLabelSource.Rg3Inserted, null),
                ConstructionMethod.Rg2ResampleFromStep => (step - 1, ProcessBenchLabelSource.Rg2Resampled, null),
                _ => (0, null, UnknownFirstError),
            };
        }
        return record.SolutionCorrect ? (-1, ProcessBenchLabelSource.FinalAnswerCorrect, null) : (0, null, UnknownFirstError);
    }
}
