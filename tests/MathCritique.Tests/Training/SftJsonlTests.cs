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
}
