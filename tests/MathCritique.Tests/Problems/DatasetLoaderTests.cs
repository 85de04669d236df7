using MathCritique.Problems;

namespace MathCritique.Tests.Problems;

public class DatasetLoaderTests
{
    private const string Gsm8k =
        "{\"question\": \"Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?\", \"answer\": \"Natalia sold 48/2 = <<48/2=24>>24 clips in May.\\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\\n#### 72\"}\n"
        + "\n"
        + "{\"question\": \"A big sum?\", \"answer\": \"It is 1000 + 234 = <<1000+234=1234>>1234.\\n#### 1,234\"}\n";

    [Fact]
    public async Task Gsm8k_keeps_the_solution_before_the_hashes_with_annotations()
    {
        var problems = await Gsm8kLoader.ReadAsync(new StringReader(Gsm8k), "test.jsonl", "test");
        Assert.Equal(2, problems.Count);
        var p = problems[0];
        Assert.Equal("gsm8k-test-0", p.Id);
        Assert.Equal("72", p.ReferenceAnswer);
        Assert.Equal("gsm8k", p.Source);
        Assert.Equal("Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.", p.ReferenceSolution);
        Assert.DoesNotContain("####", p.ReferenceSolution);
        Assert.Equal("1234", problems[1].ReferenceAnswer);
        Assert.Equal("gsm8k-test-1", problems[1].Id);
    }

    [Theory]
    [InlineData("{\"question\": \"q\", \"answer\": \"no hashes\"}", "g.jsonl:1: 'answer' has no final answer after '####'")]
    [InlineData("\n{\"answer\": \"#### 3\"}", "g.jsonl:2: missing field 'question'")]
    [InlineData("{\"question\": \"q\"", "g.jsonl:1: malformed JSON")]
    public async Task Gsm8k_errors_name_file_and_line(string text, string message)
    {
        var e = await Assert.ThrowsAsync<FormatException>(() => Gsm8kLoader.ReadAsync(new StringReader(text), "g.jsonl", "g"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public async Task Math_jsonl_extracts_boxed_answers_levels_and_subjects()
    {
        const string text =
            "{\"problem\": \"Compute $\\\\frac{1}{2}+\\\\frac{1}{4}$.\", \"solution\": \"We get $\\\\boxed{\\\\frac{3}{4}}$.\", \"level\": \"Level 3\", \"type\": \"Prealgebra\"}\n"
            + "{\"problem\": \"P\", \"solution\": \"S \\\\boxed{1} then \\\\boxed{2}\", \"level\": \"Level ?\", \"type\": \"Algebra\", \"unique_id\": \"test/algebra/1.json\"}\n"
            + "{\"problem\": \"P\", \"solution\": \"S\", \"answer\": \"5\", \"level\": 2}\n";
        var problems = await MathDatasetLoader.ReadJsonLinesAsync(new StringReader(text), "m.jsonl", "m");
        Assert.Equal("\\frac{3}{4}", problems[0].ReferenceAnswer);
        Assert.Equal(3, problems[0].Level);
        Assert.Equal("Prealgebra", problems[0].Metadata["subject"]);
        Assert.Equal("math-m-0", problems[0].Id);
        Assert.Equal("math", problems[0].Source);
        Assert.Equal("2", problems[1].ReferenceAnswer);
        Assert.Null(problems[1].Level);
        Assert.Equal("test/algebra/1.json", problems[1].Id);
        Assert.Equal("5", problems[2].ReferenceAnswer);
        Assert.Equal(2, problems[2].Level);
        Assert.Empty(problems[2].Metadata);
    }

    [Fact]
    public void Math_json_reads_one_object_or_an_array()
    {
        var single = MathDatasetLoader.ReadJson("{\"problem\": \"P\", \"solution\": \"$\\\\boxed{7}$\", \"level\": \"Level 5\", \"type\": \"Geometry\"}", "1.json", "1");
        Assert.Equal("7", Assert.Single(single).ReferenceAnswer);
        Assert.Equal(5, single[0].Level);
        var array = MathDatasetLoader.ReadJson("[{\"problem\": \"A\", \"solution\": \"\\\\boxed{1}\"}, {\"problem\": \"B\", \"solution\": \"\\\\boxed{2}\"}]", "a.json", "a");
        Assert.Equal(["1", "2"], array.Select(p => p.ReferenceAnswer));
        Assert.Equal("math-a-1", array[1].Id);
    }

    [Theory]
    [InlineData("{\"problem\": \"P\", \"solution\": \"no box\"}", "m.jsonl:1: no 'answer' field and no \\boxed answer")]
    [InlineData("{\"problem\": \"P\", \"solution\": \"\\\\boxed{1}\", \"level\": \"Level x\"}", "m.jsonl:1: unreadable 'level'")]
    [InlineData("{\"solution\": \"\\\\boxed{1}\"}", "m.jsonl:1: missing field 'problem'")]
    public async Task Math_errors_name_file_and_line(string text, string message)
    {
        var e = await Assert.ThrowsAsync<FormatException>(() => MathDatasetLoader.ReadJsonLinesAsync(new StringReader(text), "m.jsonl", "m"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Math_json_array_errors_name_the_item()
    {
        var e = Assert.Throws<FormatException>(() => MathDatasetLoader.ReadJson("[{\"problem\": \"A\", \"solution\": \"\\\\boxed{1}\"}, {\"problem\": \"B\"}]", "a.json", "a"));
        Assert.StartsWith("a.json item:2: missing field 'solution'", e.Message);
    }
}
