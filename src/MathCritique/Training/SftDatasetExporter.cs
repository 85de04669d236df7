using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MathCritique.Training;

/// <summary>
/// Writes SFT examples in the formats people train with: ShareGPT and Alpaca JSON with a LLaMA-Factory
/// <c>dataset_info.json</c>, OpenAI chat JSONL (TRL, OpenAI fine-tuning), and the prompt/completion JSONL that
/// <see cref="SftJsonl"/> reads. A system prompt and earlier turns are written in each format's own way; a column
/// appears only when some example has it, and then in every example, so that each file has one schema. Unscored spans
/// (<see cref="SftExample.Unscored"/>) are written to the prompt/completion JSONL only (<c>"unscored"</c>, absent when
/// empty): ShareGPT, Alpaca and OpenAI chat have no way to say them, so those files train on the whole completion.
/// </summary>
/// <param name="name">File name stem: <c>{name}_sharegpt.json</c>, <c>{name}_alpaca.json</c>, <c>{name}_openai.jsonl</c>, <c>{name}_sft.jsonl</c>.</param>
/// <param name="datasetName">Dataset name stem in <c>dataset_info.json</c>: <c>{datasetName}_sharegpt</c>, <c>{datasetName}_alpaca</c>.</param>
public sealed class SftDatasetExporter(string name, string datasetName)
{
    public const string DatasetInfoFile = "dataset_info.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ShareGptFile => $"{name}_sharegpt.json";
    public string AlpacaFile => $"{name}_alpaca.json";
    public string OpenAiFile => $"{name}_openai.jsonl";
    public string SftFile => $"{name}_sft.jsonl";

    /// <summary>Writes every format into <paramref name="directory"/>.</summary>
    public async Task ExportAsync(IReadOnlyList<SftExample> examples, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        Directory.CreateDirectory(directory);
        var columns = Columns.Of(examples);
        await File.WriteAllTextAsync(Path.Combine(directory, ShareGptFile), ToShareGpt(examples, columns).ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, AlpacaFile), ToAlpaca(examples, columns).ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, DatasetInfoFile), DatasetInfo(columns).ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(directory, OpenAiFile), examples.Select(e => ToOpenAi(e).ToJsonString(Compact)), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(directory, SftFile), examples.Select(e => ToPromptCompletion(e, columns).ToJsonString(Compact)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Which optional columns the files carry.</summary>
    private sealed record Columns(bool System, bool History)
    {
        public static Columns Of(IReadOnlyList<SftExample> examples) => new(examples.Any(e => e.System is not null), examples.Any(e => e.History.Count > 0));
    }

    /// <summary>ShareGPT: the turns alternate human/gpt, ending with the completion; the system prompt is its own column.</summary>
    private static JsonArray ToShareGpt(IReadOnlyList<SftExample> examples, Columns columns) => new(examples.Select(e =>
    {
        static JsonObject Message(string from, string value) => new() { ["from"] = from, ["value"] = value };
        var conversation = new JsonArray();
        foreach (var turn in e.History)
        {
            conversation.Add(Message("human", turn.Prompt));
            conversation.Add(Message("gpt", turn.Completion));
        }
        conversation.Add(Message("human", e.Prompt));
        conversation.Add(Message("gpt", e.Completion));
        var item = new JsonObject { ["conversations"] = conversation };
        if (columns.System)
            item["system"] = e.System ?? "";
        return (JsonNode)item;
    }).ToArray());

    /// <summary>Alpaca: instruction/input/output, the system prompt and the history (<c>[[prompt, completion], ...]</c>) as columns.</summary>
    private static JsonArray ToAlpaca(IReadOnlyList<SftExample> examples, Columns columns) => new(examples.Select(e =>
    {
        var item = new JsonObject
        {
            ["instruction"] = e.Prompt,
            ["input"] = "",
            ["output"] = e.Completion,
        };
        AddSystemAndHistory(item, e, columns);
        return (JsonNode)item;
    }).ToArray());

    private JsonObject DatasetInfo(Columns columns)
    {
        var shareGptColumns = new JsonObject { ["messages"] = "conversations" };
        var alpacaColumns = new JsonObject { ["prompt"] = "instruction", ["query"] = "input", ["response"] = "output" };
        if (columns.System)
        {
            shareGptColumns["system"] = "system";
            alpacaColumns["system"] = "system";
        }
        if (columns.History)
            alpacaColumns["history"] = "history";
        return new JsonObject
        {
            [$"{datasetName}_sharegpt"] = new JsonObject
            {
                ["file_name"] = ShareGptFile,
                ["formatting"] = "sharegpt",
                ["columns"] = shareGptColumns,
                ["tags"] = new JsonObject { ["role_tag"] = "from", ["content_tag"] = "value", ["user_tag"] = "human", ["assistant_tag"] = "gpt" },
            },
            [$"{datasetName}_alpaca"] = new JsonObject
            {
                ["file_name"] = AlpacaFile,
                ["formatting"] = "alpaca",
                ["columns"] = alpacaColumns,
            },
        };
    }

    /// <summary>OpenAI chat: a system message when there is a system prompt, then the turns as user/assistant messages.</summary>
    private static JsonObject ToOpenAi(SftExample e)
    {
        static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };
        var messages = new JsonArray();
        if (e.System is not null)
            messages.Add(Message("system", e.System));
        foreach (var turn in e.History)
        {
            messages.Add(Message("user", turn.Prompt));
            messages.Add(Message("assistant", turn.Completion));
        }
        messages.Add(Message("user", e.Prompt));
        messages.Add(Message("assistant", e.Completion));
        return new JsonObject { ["messages"] = messages };
    }

    /// <summary>Prompt/completion, with system and history laid out as in Alpaca (what <see cref="SftJsonl"/> reads).</summary>
    private static JsonObject ToPromptCompletion(SftExample e, Columns columns)
    {
        var item = new JsonObject
        {
            ["prompt"] = e.Prompt,
            ["completion"] = e.Completion,
        };
        AddSystemAndHistory(item, e, columns);
        if (e.Unscored.Count > 0)
            item["unscored"] = new JsonArray(e.Unscored.Select(s => (JsonNode)new JsonArray(s.Start, s.Length)).ToArray());
        return item;
    }

    private static void AddSystemAndHistory(JsonObject item, SftExample e, Columns columns)
    {
        if (columns.System)
            item["system"] = e.System ?? "";
        if (columns.History)
            item["history"] = new JsonArray(e.History.Select(t => (JsonNode)new JsonArray(t.Prompt, t.Completion)).ToArray());
    }
}
