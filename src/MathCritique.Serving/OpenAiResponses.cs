using System.Text.Json.Nodes;
using MathCritique.Sampling;

namespace MathCritique.Serving;

/// <summary>OpenAI response and stream-chunk bodies for finished or streaming completions.</summary>
internal sealed class OpenAiResponses(string model, bool chat)
{
    public string Id { get; } = (chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private string Object => chat ? "chat.completion" : "text_completion";
    private string ChunkObject => chat ? "chat.completion.chunk" : "text_completion";

    /// <summary>The whole response: choice <c>p·n + i</c> is sample i of prompt p.</summary>
    public JsonObject Complete(IReadOnlyList<SamplingResult> results)
    {
        var choices = new JsonArray();
        int index = 0;
        foreach (var result in results)
        {
            foreach (var c in result.Completions)
            {
                var choice = new JsonObject { ["index"] = index++ };
                if (chat)
                    choice["message"] = new JsonObject { ["role"] = "assistant", ["content"] = c.Text };
                else
                    choice["text"] = c.Text;
                choice["logprobs"] = null;
                choice["finish_reason"] = FinishReasonOf(c);
                choices.Add(choice);
            }
        }
        return new JsonObject
        {
            ["id"] = Id, ["object"] = Object, ["created"] = Created, ["model"] = model,
            ["choices"] = choices, ["usage"] = Usage(results),
        };
    }

    /// <summary>A chunk carrying text (or, with <paramref name="first"/> on the chat endpoint, the role) for one choice.</summary>
    public JsonObject TextChunk(int choice, string text, bool first = false)
    {
        JsonObject c = chat
            ? new JsonObject { ["index"] = choice, ["delta"] = first ? new JsonObject { ["role"] = "assistant", ["content"] = text } : new JsonObject { ["content"] = text }, ["logprobs"] = null, ["finish_reason"] = null }
            : new JsonObject { ["index"] = choice, ["text"] = text, ["logprobs"] = null, ["finish_reason"] = null };
        return Chunk(new JsonArray(c));
    }

    /// <summary>The last chunk of one choice: no text, its finish reason.</summary>
    public JsonObject FinishChunk(int choice, Completion completion)
    {
        JsonObject c = chat
            ? new JsonObject { ["index"] = choice, ["delta"] = new JsonObject(), ["logprobs"] = null, ["finish_reason"] = FinishReasonOf(completion) }
            : new JsonObject { ["index"] = choice, ["text"] = "", ["logprobs"] = null, ["finish_reason"] = FinishReasonOf(completion) };
        return Chunk(new JsonArray(c));
    }

    /// <summary>The <c>stream_options.include_usage</c> chunk: no choices, the usage.</summary>
    public JsonObject UsageChunk(IReadOnlyList<SamplingResult> results)
    {
        var chunk = Chunk([]);
        chunk["usage"] = Usage(results);
        return chunk;
    }

    private JsonObject Chunk(JsonArray choices) => new()
    {
        ["id"] = Id, ["object"] = ChunkObject, ["created"] = Created, ["model"] = model, ["choices"] = choices,
    };

    /// <summary>Prompt tokens once per prompt (its samples share the decoded prefix), completion tokens of every sample.</summary>
    private static JsonObject Usage(IReadOnlyList<SamplingResult> results)
    {
        long prompt = results.Sum(r => (long)(r.Completions.Count > 0 ? r.Completions[0].PromptTokens : 0));
        long completion = results.Sum(r => r.Completions.Sum(c => (long)c.GeneratedTokens));
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
    }

    private static string FinishReasonOf(Completion c) => c.FinishReason == FinishReason.MaxTokens ? "length" : "stop";

    public static JsonObject Error(string message, string type, string? param = null, string? code = null) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    };
}
