using MathCritique.Problems;

namespace MathCritique.Tests.Problems;

public class ProblemFileTests
{
    private static Task<IReadOnlyList<Problem>> Read(string text) => ProblemFile.ReadAsync(new StringReader(text), "p.jsonl");

    [Fact]
    public async Task Round_trips_every_field()
    {
        var problems = new[]
        {
            new Problem("a", "What is 2 + \"2\"?\nReally?", "4", "2 + 2 = 4\nThe answer is 4.", 1, "lab")
            {
                Metadata = new Dictionary<string, string> { ["split"] = "test", ["lab_plan"] = "{\"x\":1}", ["CamelKey"] = "kept" },
            },
            new Problem("b", "Q", "\\frac{1}{2}"),
        };
        var writer = new StringWriter();
        await ProblemFile.WriteAsync(writer, problems);
        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var back = await Read(writer.ToString());
        Assert.Equal(2, back.Count);
        Assert.Equal(problems[0] with { Metadata = back[0].Metadata }, back[0]);
        Assert.Equal(problems[0].Metadata, back[0].Metadata);
        Assert.Equal(problems[1] with { Metadata = back[1].Metadata }, back[1]);
        Assert.Empty(back[1].Metadata);
        Assert.DoesNotContain("solution", ProblemFile.ToJsonLine(problems[1]));
    }

    [Fact]
    public async Task Round_trips_through_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"problems-{Guid.NewGuid():N}.jsonl");
        try
        {
            await ProblemFile.WriteAsync(path, [new Problem("x", "Q?", "7", Level: 2, Source: "s")]);
            var back = await ProblemFile.ReadAsync(path);
            Assert.Equal("7", Assert.Single(back).ReferenceAnswer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n\n{not json", "p.jsonl:3: malformed JSON")]
    [InlineData("{\"id\":\"a\",\"answer\":\"1\"}", "p.jsonl:1: missing field 'question'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}", "p.jsonl:1: missing field 'answer'")]
    [InlineData("{\"id\":7,\"question\":\"q\",\"answer\":\"1\"}", "p.jsonl:1: field 'id' must be a string")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\",\"level\":\"hard\"}", "p.jsonl:1: field 'level' must be an integer")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\",\"metadata\":{\"k\":1}}", "p.jsonl:1: metadata 'k' must be a string")]
    [InlineData("[1,2]", "p.jsonl:1: expected a JSON object")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"a\",\"question\":\"q\",\"answer\":\"2\"}", "p.jsonl:2: duplicate id 'a' (first on line 1)")]
    public async Task Bad_lines_are_named_by_file_and_line(string text, string message)
    {
        var e = await Assert.ThrowsAsync<FormatException>(() => Read(text));
        Assert.StartsWith(message, e.Message);
    }
}
