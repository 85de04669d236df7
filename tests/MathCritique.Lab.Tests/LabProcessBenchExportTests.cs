using MathCritique.Collection;
using MathCritique.Critiques;

namespace MathCritique.Lab.Tests;

/// <summary>collect's ProcessBench-layout export on lab problems: the lab checker labels every solution, over RG2/RG3 locations.</summary>
public class LabProcessBenchExportTests
{
    private static CritiqueRecord Record(string id, ConstructionMethod method, string solution, bool correct, int? errorStep = null) => new()
    {
        Id = id,
        ProblemId = LabFixtures.Mia.Id,
        Question = LabFixtures.Mia.Question,
        ReferenceAnswer = "48",
        Method = method,
        Solution = solution,
        SolutionCorrect = correct,
        ErrorStep = errorStep,
        BaseCorrect = errorStep is null ? null : true,
        Annotator = "a",
        Critique = "",
        FinalVerdict = Verdict.Unknown,
        Kept = false,
    };

    [Fact]
    public void The_checker_labels_every_solution_even_where_rg3_names_another_step()
    {
        string right = LabFixtures.Mia.ReferenceSolution;
        // Step 1 right, step 2 off by ten: an RG3 record that says its mistake is at step 3 is labelled where the checker finds it.
        string wrongAtTwo = "She gets 3 * 14 = 42 apples.\nShe has 23 + 42 = 75 apples.\nShe has 75 - 17 = 58 apples left.\nThe answer is 58.";
        string noAnswerLine = "She gets 3 * 14 = 42 apples.";
        var records = new[]
        {
            Record("m/rg1/0", ConstructionMethod.Rg1Sampling, right, correct: true),
            Record("m/rg3/0", ConstructionMethod.Rg3InsertedMistake, wrongAtTwo, correct: false, errorStep: 3),
            Record("m/rg1/1", ConstructionMethod.Rg1Sampling, noAnswerLine, correct: false),
        };
        var problems = new Dictionary<string, MathCritique.Problems.Problem> { [LabFixtures.Mia.Id] = LabFixtures.Mia.ToProblem() };

        var (rows, leftOut) = new ProcessBenchExporter("lab-actor", new LabStepChecker()).Rows(records, problems);

        Assert.Equal(["m/rg1/0", "m/rg3/0"], rows.Select(r => r.Id));
        Assert.Equal([-1, 1], rows.Select(r => r.Label));
        Assert.All(rows, r => Assert.Equal(ProcessBenchLabelSource.Checker, r.LabelSource));
        // The checker's first error of a solution that stops before its answer line is past its last step.
        Assert.Equal(1, leftOut[ProcessBenchExporter.CheckerPastLastStep]);
    }
}
