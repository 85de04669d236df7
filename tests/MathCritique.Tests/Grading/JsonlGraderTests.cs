using System.Text.Json.Nodes;
using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public class JsonlGraderTests
{
    [Fact]
    public async Task Grades_each_line_in_order_keeps_extra_fields_and_survives_malformed_lines()
    {
        const string input = """
            {"gold": "72", "pred": "so 48+24=72\nThe answer is 72.", "id": "a"}
            {"gold": "5", "pred": "#### 6"
            {"pred": "1"}

            {"gold": "1,000", "pred": "The answer is 1000", "id": "d"}
            """;
        var output = new StringWriter();
        var errors = new List<string>();
        var summary = await new JsonlGrader(new MathGrader()).GradeAsync(new StringReader(input), output, "in.jsonl", errors.Add);

        Assert.Equal(new JsonlGradingSummary(5, 2, 2, 2), summary);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("in.jsonl:2: malformed JSON", errors[0], StringComparison.Ordinal);
        Assert.Equal("in.jsonl:3: missing field \"gold\"", errors[1]);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.Equal("a", (string)lines[0]["id"]!);
        Assert.True((bool)lines[0]["correct"]!);
        Assert.Equal("72", (string)lines[0]["pred_answer"]!);
        Assert.Equal(2, (int)lines[1]["line"]!);
        Assert.Equal("d", (string)lines[3]["id"]!);
        Assert.True((bool)lines[3]["correct"]!);
    }
}
