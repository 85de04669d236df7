using System.Text.Json.Nodes;
using MathCritique.Collection;
using MathCritique.Critiques;

namespace MathCritique.Tests.Collection;

public sealed class ProcessBenchExporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-processbench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CritiqueRecord Record(string id, ConstructionMethod method, string solution, bool correct, int? errorStep = null, bool? baseCorrect = null) => new()
    {
        Id = id,
        ProblemId = id.Split('/')[0],
        Question = "Zoe has 38 coins. She buys 3 purses of 6 each. How many coins does Zoe have now?",
        ReferenceAnswer = "56",
        Method = method,
        Solution = solution,
        SolutionCorrect = correct,
        ErrorStep = errorStep,
        BaseCorrect = baseCorrect,
        Annotator = "a",
        Critique = "",
        FinalVerdict = Verdict.Unknown,
        Kept = false,
    };

    private const string Right = "She gets 3 * 6 = 18 coins.\nShe has 38 + 18 = 56 coins.\nThe answer is 56.";

    private static readonly CritiqueRecord[] Records =
    [
        Record("p/rg1/0", ConstructionMethod.Rg1Sampling, Right, correct: true),
        Record("p/rg1/1", ConstructionMethod.Rg1Sampling, "She gets 3 * 6 = 18 coins.\nShe has 30 + 18 = 48 coins.\nThe answer is 48.", correct: false),
        Record("p/rg3/0", ConstructionMethod.Rg3InsertedMistake, "She gets 3 + 6 = 9 coins.\nShe has 38 + 9 = 47 coins.\nThe answer is 47.", correct: false, errorStep: 1, baseCorrect: true),
        Record("p/rg3/1", ConstructionMethod.Rg3InsertedMistake, "She gets 3 * 6 = 19 coins.\nThe answer is 19.", correct: false, errorStep: 1, baseCorrect: false),
        Record("p/rg2/0", ConstructionMethod.Rg2ResampleFromStep, "She gets 3 * 6 = 18 coins.\nShe has 38 - 18 = 20 coins.\nThe answer is 20.", correct: false, errorStep: 2, baseCorrect: true),
        Record("p/rg1/2", ConstructionMethod.Rg1Sampling, "\n\n", correct: false),
    ];

    [Fact]
    public void Labels_come_from_the_inserted_or_resampled_step_or_a_right_answer_and_unknown_first_errors_are_left_out()
    {
        var (rows, leftOut) = new ProcessBenchExporter("actor@1").Rows(Records);

        Assert.Equal(["p/rg1/0", "p/rg3/0", "p/rg2/0"], rows.Select(r => r.Id));
        Assert.Equal([-1, 0, 1], rows.Select(r => r.Label));
        Assert.Equal([ProcessBenchLabelSource.FinalAnswerCorrect, ProcessBenchLabelSource.Rg3Inserted, ProcessBenchLabelSource.Rg2Resampled], rows.Select(r => r.LabelSource));
        Assert.Equal([true, false, false], rows.Select(r => r.FinalAnswerCorrect));
        Assert.Equal(["She gets 3 + 6 = 9 coins.", "She has 38 + 9 = 47 coins.", "The answer is 47."], rows[1].Steps);
        Assert.All(rows, r => Assert.Equal("actor@1", r.Generator));

        // A wrong RG1 sample, and an RG3 mistake written into a wrong solution: first error unknown. No steps: nothing to label.
        Assert.Equal(2, leftOut[ProcessBenchExporter.UnknownFirstError]);
        Assert.Equal(1, leftOut[ProcessBenchExporter.NoSteps]);
    }

    [Fact]
    public async Task The_file_has_processbench_s_field_names_one_solution_a_line()
    {
        var export = await new ProcessBenchExporter("actor@1").ExportAsync(Records, null, _dir);
        Assert.Equal(3, export.Written);
        Assert.Equal(1, export.BySource[ProcessBenchLabelSource.Rg3Inserted]);

        var lines = File.ReadAllLines(Path.Combine(_dir, ProcessBenchExporter.FileName)).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal(["id", "generator", "problem", "steps", "label", "final_answer_correct", "label_source"], lines[1].Select(kv => kv.Key));
        Assert.Equal("p/rg3/0", (string?)lines[1]["id"]);
        Assert.Equal(0, (int?)lines[1]["label"]);
        Assert.False((bool?)lines[1]["final_answer_correct"]);
        Assert.Equal(3, lines[1]["steps"]!.AsArray().Count);
        Assert.Equal("The answer is 56.", (string?)lines[0]["steps"]![2]);

        var stats = CollectionStats.From(Records, [], export).ToMarkdown();
        Assert.Contains("| rg3-inserted | 1 |", stats, StringComparison.Ordinal);
        Assert.Contains($"| {ProcessBenchExporter.UnknownFirstError} | 2 |", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Dropped during construction", stats, StringComparison.Ordinal);
    }
}
