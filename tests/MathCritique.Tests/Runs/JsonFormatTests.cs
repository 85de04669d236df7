using System.Text.Json;
using MathCritique.CriticEvaluation;
using MathCritique.Evaluation;
using MathCritique.Runs;
using MathCritique.SelfImprovement;

namespace MathCritique.Tests.Runs;

public sealed class JsonFormatTests
{
    [Fact]
    public void Property_names_are_snake_case_and_dictionary_keys_from_the_data_come_back_as_written()
    {
        // An improve iteration's reasons for dropping solutions: a resumed run reads them back into its report.
        var estimate = new Estimate(0.5, 0.25, 0.75, 4);
        var metrics = new ExplorationMetrics(4, 16, 1, new LevelAccuracy(estimate, new Dictionary<string, Estimate> { ["1"] = estimate }),
            0.5, 1, 1, 3, 9, 9, 0, 2, 0,
            new Dictionary<string, int> { [ExplorationFilter.WrongSteps] = 3, [ExplorationFilter.OnePerWrongAttempt] = 1, ["wrong answer"] = 9 });
        string json = JsonSerializer.Serialize(metrics, JsonFormat.Indented);
        Assert.Contains("\"right_answer_wrong_steps\": 3", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<ExplorationMetrics>(json, JsonFormat.Compact)!;
        Assert.Equal(metrics.Dropped, back.Dropped);

        // critic-eval --data's subsets keep their case.
        var report = StepLabelReport.From([new StepLabelJudgement("1", "OlympiadBench", -1, -1, false, "")]);
        using var summary = JsonDocument.Parse(JsonSerializer.Serialize(new { bySubset = report.BySubset }, JsonFormat.Compact));
        Assert.Equal(["OlympiadBench"], summary.RootElement.GetProperty("by_subset").EnumerateObject().Select(p => p.Name));
    }
}
