using MathCritique.Problems;

namespace MathCritique.Tests.Problems;

public class FieldMappedLoaderTests
{
    private const string Data =
        "{\"uid\": \"a1\", \"prompt\": \"What is 2+3?\", \"final\": 5, \"difficulty\": \"Level 2\"}\n"
        + "\n"
        + "{\"uid\": \"a2\", \"prompt\": \"Half of 1?\", \"final\": \"\\\\frac12\"}\n";

    [Fact]
    public async Task Maps_fields_numbers_and_levels()
    {
        var map = ProblemFieldMap.Parse("question=prompt, answer=final, id=uid, level=difficulty");
        var problems = await FieldMappedLoader.ReadAsync(new StringReader(Data), map, "set.jsonl", "set");
        Assert.Equal(2, problems.Count);
        Assert.Equal(new Problem("a1", "What is 2+3?", "5", null, 2, "set"), problems[0]);
        Assert.Equal("\\frac12", problems[1].ReferenceAnswer);
        Assert.Null(problems[1].Level);
    }

    [Theory]
    [InlineData("{\"prompt\": \"q\"}", "set.jsonl:1: missing field 'final'")]
    [InlineData("{\"prompt\": \"q\", \"final\": [1]}", "set.jsonl:1: field 'final' must be a string or a number")]
    [InlineData("{\"prompt\": \"q\", \"final\": 1}\n{\"prompt\": ", "set.jsonl:2: malformed JSON")]
    public async Task Bad_lines_name_the_file_and_line(string text, string message)
    {
        var map = ProblemFieldMap.Parse("question=prompt,answer=final");
        var error = await Assert.ThrowsAsync<FormatException>(() => FieldMappedLoader.ReadAsync(new StringReader(text), map, "set.jsonl", "set"));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("question")]
    [InlineData("colour=red")]
    public void Bad_mappings_are_refused(string text) => Assert.Throws<FormatException>(() => ProblemFieldMap.Parse(text));
}
