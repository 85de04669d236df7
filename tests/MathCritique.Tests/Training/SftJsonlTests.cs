using MathCritique.Training;

namespace MathCritique.Tests.Training;

public sealed class SftJsonlTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("mc-jsonl-").FullName, "sft.jsonl");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task Reads_examples_and_skips_blank_lines()
    {
        await File.WriteAllTextAsync(_path, "{\"prompt\": \"2+2\", \"completion\": \"4\", \"id\": 7}\n\n{\"prompt\": \"a\\nb\", \"completion\": \"\\u00e9\"}\n");
        var examples = await SftJsonl.ReadAsync(_path);
        Assert.Equal([new SftExample("2+2", "4"), new SftExample("a\nb", "é")], examples);
    }

    [Theory]
    [InlineData("{\"prompt\": \"x\"", "malformed JSON")]
    [InlineData("{\"prompt\": \"x\"}", "missing string field \"completion\"")]
    [InlineData("{\"prompt\": 3, \"completion\": \"y\"}", "missing string field \"prompt\"")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public async Task A_bad_line_is_named_by_file_and_line(string bad, string expected)
    {
        await File.WriteAllTextAsync(_path, "{\"prompt\": \"ok\", \"completion\": \"ok\"}\n" + bad + "\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SftJsonl.ReadAsync(_path));
        Assert.Contains($"{_path}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompts_alone_read_with_an_empty_completion_but_a_missing_prompt_is_still_an_error()
    {
        await File.WriteAllTextAsync(_path, "{\"prompt\": \"2+2\"}\n{\"prompt\": \"3+3\", \"completion\": \"6\"}\n");
        Assert.Equal([new SftExample("2+2", ""), new SftExample("3+3", "6")], await SftJsonl.ReadAsync(_path, requireCompletion: false));
        await File.WriteAllTextAsync(_path, "{\"prompt\": \"2+2\"}\n{\"completion\": \"6\"}\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SftJsonl.ReadAsync(_path, requireCompletion: false));
        Assert.Contains($"{_path}:2: missing string field \"prompt\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_a_system_prompt_and_earlier_turns()
    {
        await File.WriteAllTextAsync(_path, """
            {"prompt": "and 3?", "completion": "6", "system": "Double it.", "history": [["2?", "4"], ["5?", "10"]]}
            {"prompt": "7?", "completion": "14", "system": "", "history": []}
            """);
        var examples = await SftJsonl.ReadAsync(_path);
        Assert.Equal(new SftExample("and 3?", "6") { System = "Double it.", History = [new("2?", "4"), new("5?", "10")] }, examples[0]);
        // An empty system prompt is none (the exporter writes one for examples without).
        Assert.Equal(new SftExample("7?", "14"), examples[1]);
        Assert.NotEqual(new SftExample("and 3?", "6") { System = "Double it.", History = [new("2?", "4")] }, examples[0]);
    }

    [Theory]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"y\", \"history\": [[\"a\"]]}")]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"y\", \"history\": \"a\"}")]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"y\", \"history\": [[\"a\", 1]]}")]
    public async Task A_history_that_is_not_a_list_of_pairs_is_named_by_file_and_line(string bad)
    {
        await File.WriteAllTextAsync(_path, bad + "\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SftJsonl.ReadAsync(_path));
        Assert.Contains($"{_path}:1: \"history\" must be a list of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unscored_spans_round_trip_through_the_exporter_and_only_the_prompt_completion_file_carries_them()
    {
        var directory = Path.GetDirectoryName(_path)!;
        var files = new SftDatasetExporter("t", "t");
        SftExample[] examples =
        [
            new("q1", "right\nwrong\nfix") { Unscored = [new(6, 5)] },
            new("q2", "right") { System = "s" },
            new("q3", "a\nb\nc\nd") { Unscored = [new(0, 1), new(4, 1)] },
        ];
        await files.ExportAsync(examples, directory);

        Assert.Equal(examples, await SftJsonl.ReadAsync(Path.Combine(directory, files.SftFile)));
        var lines = await File.ReadAllLinesAsync(Path.Combine(directory, files.SftFile));
        Assert.Contains("\"unscored\":[[6,5]]", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("unscored", lines[1], StringComparison.Ordinal); // absent when empty
        foreach (var other in new[] { files.AlpacaFile, files.ShareGptFile, files.OpenAiFile })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(directory, other));
            Assert.DoesNotContain("unscored", text, StringComparison.Ordinal);
            Assert.Contains("right\\nwrong\\nfix", text, StringComparison.Ordinal); // the whole completion, retracted steps too
        }
    }

    [Theory]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"yz\", \"unscored\": [[0]]}", "\"unscored\" must be a list of [start, length]")]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"yz\", \"unscored\": [[0, 1.5]]}", "\"unscored\" must be a list of [start, length]")]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"yz\", \"unscored\": [[1, 2]]}", "inside the completion (2 characters)")]
    [InlineData("{\"prompt\": \"x\", \"completion\": \"yz\", \"unscored\": [[1, 1], [0, 1]]}", "after the span before it")]
    public async Task Bad_unscored_spans_are_named_by_file_and_line(string bad, string expected)
    {
        await File.WriteAllTextAsync(_path, bad + "\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SftJsonl.ReadAsync(_path));
        Assert.Contains($"{_path}:1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
