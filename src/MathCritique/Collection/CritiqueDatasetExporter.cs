using System.Text.Json;
using System.Text.Json.Nodes;
using MathCritique.TestTime;

namespace MathCritique.Collection;

/// <summary>
/// Writes the kept critiques as critic SFT data for the trainers people use: ShareGPT and Alpaca JSON with
/// a LLaMA-Factory <c>dataset_info.json</c>, OpenAI chat JSONL (TRL, OpenAI fine-tuning), and the
/// prompt/completion JSONL the in-process trainer reads. The prompt is the critic prompt of <see cref="PromptSet"/>.
/// </summary>
public sealed class CritiqueDatasetExporter(PromptSet prompts)
{
    public const string ShareGptFile = "critic_sharegpt.json";
    public const string AlpacaFile = "critic_alpaca.json";
    public const string DatasetInfoFile = "dataset_info.json";
    public const string OpenAiFile = "critic_openai.jsonl";
    public const string SftFile = "critic_sft.jsonl";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes all formats into <paramref name="directory"/>; returns the number of examples.</summary>
    public async Task<int> ExportAsync(IEnumerable<CritiqueRecord> records, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        Directory.CreateDirectory(directory);
        var examples = records.Where(r => r.Kept)
            .Select(r => (Prompt: prompts.BuildCritique(r.Question, r.Solution), Completion: r.Critique))
            .ToArray();

        var shareGpt = new JsonArray(examples.Select(e => (JsonNode)new JsonObject
        {
            ["conversations"] = new JsonArray(
                new JsonObject { ["from"] = "human", ["value"] = e.Prompt },
                new JsonObject { ["from"] = "gpt", ["value"] = e.Completion }),
        }).ToArray());
        var alpaca = new JsonArray(examples.Select(e => (JsonNode)new JsonObject
        {
            ["instruction"] = e.Prompt,
            ["input"] = "",
            ["output"] = e.Completion,
        }).ToArray());
        var datasetInfo = new JsonObject
        {
            ["mathcritique_critic_sharegpt"] = new JsonObject
            {
                ["file_name"] = ShareGptFile,
                ["formatting"] = "sharegpt",
                ["columns"] = new JsonObject { ["messages"] = "conversations" },
                ["tags"] = new JsonObject { ["role_tag"] = "from", ["content_tag"] = "value", ["user_tag"] = "human", ["assistant_tag"] = "gpt" },
            },
            ["mathcritique_critic_alpaca"] = new JsonObject
            {
                ["file_name"] = AlpacaFile,
                ["formatting"] = "alpaca",
                ["columns"] = new JsonObject { ["prompt"] = "instruction", ["query"] = "input", ["response"] = "output" },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(directory, ShareGptFile), shareGpt.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, AlpacaFile), alpaca.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, DatasetInfoFile), datasetInfo.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(directory, OpenAiFile), examples.Select(e => new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = e.Prompt },
                new JsonObject { ["role"] = "assistant", ["content"] = e.Completion }),
        }.ToJsonString(Compact)), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(directory, SftFile), examples.Select(e => new JsonObject
        {
            ["prompt"] = e.Prompt,
            ["completion"] = e.Completion,
        }.ToJsonString(Compact)), cancellationToken).ConfigureAwait(false);
        return examples.Length;
    }
}
