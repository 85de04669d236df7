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
        Assert.Equal("whole_text", (string)lines[0]["gold_rule"]!);
        Assert.Equal("answer_is", (string)lines[0]["pred_rule"]!);
        Assert.Equal(2, (int)lines[1]["line"]!);
        Assert.Equal("d", (string)lines[3]["id"]!);
        Assert.True((bool)lines[3]["correct"]!);
    }

    [Fact]
    public async Task Reports_the_rule_that_found_each_answer()
    {
        const string input = """
            {"gold": "16 - 3 = 13\n#### 18", "pred": "\\frac{36}{2}"}
            {"gold": "Q: how many?\nA: 18", "pred": "I think 17"}
            """;
        var output = new StringWriter();
        await new JsonlGrader(new MathGrader()).GradeAsync(new StringReader(input), output, "in.jsonl");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.True((bool)lines[0]["correct"]!);
        Assert.Equal(("hashes", "whole_expression"), ((string)lines[0]["gold_rule"]!, (string)lines[0]["pred_rule"]!));
        Assert.False((bool)lines[1]["correct"]!);
        Assert.Equal(("answer_colon", "last_number"), ((string)lines[1]["gold_rule"]!, (string)lines[1]["pred_rule"]!));
    }
}
