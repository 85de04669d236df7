using System.Text.Json.Nodes;
using MathCritique.Training;

namespace MathCritique.Tests.Training;

public sealed class SftDatasetExporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-sft-export-").FullName;
    private readonly SftDatasetExporter _exporter = new("actor", "mc_actor");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SftExample WithEverything = new("and 3?", "6")
    {
        System = "Double the number.",
        History = [new("2?", "4"), new("5?", "10")],
    };

    private static readonly SftExample Plain = new("7?", "14");

    private JsonNode Json(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, file)))!;

    private JsonNode[] JsonLines(string file) => File.ReadAllLines(Path.Combine(_dir, file)).Select(l => JsonNode.Parse(l)!).ToArray();

    private static string[] Pairs(JsonNode? turns, string role, string content) =>
        turns!.AsArray().Select(t => $"{(string)t![role]!}:{(string)t[content]!}").ToArray();

    [Fact]
    public async Task ShareGpt_alternates_the_turns_and_carries_the_system_prompt_as_a_column()
    {
        await _exporter.ExportAsync([WithEverything, Plain], _dir);
        var items = Json(_exporter.ShareGptFile).AsArray();
        Assert.Equal(["human:2?", "gpt:4", "human:5?", "gpt:10", "human:and 3?", "gpt:6"], Pairs(items[0]!["conversations"], "from", "value"));
        Assert.Equal("Double the number.", (string)items[0]!["system"]!);
        Assert.Equal(["human:7?", "gpt:14"], Pairs(items[1]!["conversations"], "from", "value"));
        Assert.Equal("", (string)items[1]!["system"]!);

        var info = Json(SftDatasetExporter.DatasetInfoFile)["mc_actor_sharegpt"]!;
        Assert.Equal(_exporter.ShareGptFile, (string)info["file_name"]!);
        Assert.Equal("sharegpt", (string)info["formatting"]!);
        Assert.Equal("""{"messages":"conversations","system":"system"}""", info["columns"]!.ToJsonString());
    }

    [Fact]
    public async Task Alpaca_puts_the_system_prompt_and_the_history_pairs_in_their_columns()
    {
        await _exporter.ExportAsync([WithEverything, Plain], _dir);
        var items = Json(_exporter.AlpacaFile).AsArray();
        Assert.Equal("""{"instruction":"and 3?","input":"","output":"6","system":"Double the number.","history":[["2?","4"],["5?","10"]]}""", items[0]!.ToJsonString());
        Assert.Equal("""{"instruction":"7?","input":"","output":"14","system":"","history":[]}""", items[1]!.ToJsonString());

        var info = Json(SftDatasetExporter.DatasetInfoFile)["mc_actor_alpaca"]!;
        Assert.Equal(_exporter.AlpacaFile, (string)info["file_name"]!);
        Assert.Equal("""{"prompt":"instruction","query":"input","response":"output","system":"system","history":"history"}""", info["columns"]!.ToJsonString());
    }

    [Fact]
    public async Task OpenAi_messages_start_with_the_system_message_and_only_examples_with_one_have_it()
    {
        await _exporter.ExportAsync([WithEverything, Plain], _dir);
        var lines = JsonLines(_exporter.OpenAiFile);
        Assert.Equal(["system:Double the number.", "user:2?", "assistant:4", "user:5?", "assistant:10", "user:and 3?", "assistant:6"],
            Pairs(lines[0]["messages"], "role", "content"));
        Assert.Equal(["user:7?", "assistant:14"], Pairs(lines[1]["messages"], "role", "content"));
    }

    [Fact]
    public async Task The_prompt_completion_file_reads_back_as_the_same_examples()
    {
        await _exporter.ExportAsync([WithEverything, Plain], _dir);
        Assert.Equal([WithEverything, Plain], await SftJsonl.ReadAsync(Path.Combine(_dir, _exporter.SftFile)));
    }

    [Fact]
    public async Task Without_system_prompts_or_history_no_file_has_those_columns()
    {
        await _exporter.ExportAsync([Plain], _dir);
        Assert.Equal("""[{"conversations":[{"from":"human","value":"7?"},{"from":"gpt","value":"14"}]}]""", Json(_exporter.ShareGptFile).ToJsonString());
        Assert.Equal("""[{"instruction":"7?","input":"","output":"14"}]""", Json(_exporter.AlpacaFile).ToJsonString());
        Assert.Equal("""{"prompt":"instruction","query":"input","response":"output"}""", Json(SftDatasetExporter.DatasetInfoFile)["mc_actor_alpaca"]!["columns"]!.ToJsonString());
        Assert.Equal(["""{"prompt":"7?","completion":"14"}"""], File.ReadAllLines(Path.Combine(_dir, _exporter.SftFile)));

        // History alone adds the history column, not the system one.
        await _exporter.ExportAsync([Plain with { History = [new("1?", "2")] }], _dir);
        Assert.Equal("""{"instruction":"7?","input":"","output":"14","history":[["1?","2"]]}""", Json(_exporter.AlpacaFile)[0]!.ToJsonString());
        Assert.Null(Json(_exporter.ShareGptFile)[0]!["system"]);
    }
}
