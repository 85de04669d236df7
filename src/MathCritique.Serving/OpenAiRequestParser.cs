using System.Text.Json;
using System.Text.Json.Nodes;
using MathCritique.Sampling;
using Microsoft.Extensions.AI;

namespace MathCritique.Serving;

/// <summary>A request body the server cannot serve; becomes an OpenAI-style 400 naming the field.</summary>
internal sealed class OpenAiRequestException(string message, string? param = null, int status = 400, string? code = null) : Exception(message)
{
    public string? Param { get; } = param;
    public int Status { get; } = status;
    public string? Code { get; } = code;
}

/// <summary>One <c>/v1/chat/completions</c> or <c>/v1/completions</c> call, as the engine will run it.</summary>
/// <param name="Requests">One per prompt (chat: exactly one); each asks for <c>n</c> samples.</param>
internal sealed record ParsedCompletionCall(string Model, IReadOnlyList<SamplingRequest> Requests, bool Stream, bool IncludeUsage);

/// <summary>
/// Reads OpenAI request bodies: the fields the OpenAI API, vLLM and the llama.cpp server take for sampling
/// (<c>top_k</c>, <c>min_p</c>, <c>continue_final_message</c> are vLLM's). Fields we cannot honour are refused
/// rather than ignored, so a client never gets a silently different result; fields that only tune what
/// OpenAI logs or bills (user, store, metadata…) are ignored.
/// </summary>
internal static class OpenAiRequestParser
{
    /// <summary>Completion tokens when the request names no limit.</summary>
    public const int DefaultMaxTokens = 1024;
    public const int MaxChoices = 128;

    public static ParsedCompletionCall ParseChat(JsonNode? body)
    {
        var root = Root(body);
        var model = Model(root);
        if (root["messages"] is not JsonArray { Count: > 0 } messageArray)
            throw new OpenAiRequestException("'messages' must be a non-empty array.", "messages");
        var messages = new List<ChatMessage>();
        for (int i = 0; i < messageArray.Count; i++)
        {
            var message = messageArray[i] as JsonObject ?? throw new OpenAiRequestException($"messages[{i}] must be an object.", $"messages[{i}]");
            var role = String(message, "role", $"messages[{i}].role") ?? throw new OpenAiRequestException($"messages[{i}].role is required.", $"messages[{i}].role");
            messages.Add(new ChatMessage(new ChatRole(role), Content(message["content"], $"messages[{i}].content")));
        }
        string? prefix = null;
        if (Bool(root, "continue_final_message") == true)
        {
            if (messages[^1].Role != ChatRole.Assistant)
                throw new OpenAiRequestException("continue_final_message needs a final assistant message.", "continue_final_message");
            prefix = messages[^1].Text;
            messages.RemoveAt(messages.Count - 1);
            if (messages.Count == 0)
                throw new OpenAiRequestException("'messages' needs a message before the assistant message to continue.", "messages");
        }
        var (n, seed, options, stream, includeUsage) = Sampling(root, "max_completion_tokens");
        var request = new SamplingRequest { Messages = messages, AssistantPrefix = prefix, N = n, Seed = seed, Options = options };
        return new ParsedCompletionCall(model, [request], stream, includeUsage);
    }

    public static ParsedCompletionCall ParseCompletion(JsonNode? body)
    {
        var root = Root(body);
        var model = Model(root);
        var prompts = root["prompt"] switch
        {
            JsonValue v when v.TryGetValue(out string? text) => [text],
            JsonArray { Count: > 0 } a when a.All(p => p is JsonValue pv && pv.TryGetValue(out string? _)) => a.Select(p => p!.GetValue<string>()).ToArray(),
            JsonArray => throw new OpenAiRequestException("'prompt' must be a string or a non-empty array of strings (token arrays are not supported).", "prompt"),
            null => throw new OpenAiRequestException("'prompt' is required.", "prompt"),
            _ => throw new OpenAiRequestException("'prompt' must be a string or an array of strings.", "prompt"),
        };
        if (Bool(root, "echo") == true)
            throw new OpenAiRequestException("'echo' is not supported.", "echo");
        if (root["suffix"] is JsonValue suffix && suffix.TryGetValue(out string? s) && s.Length > 0)
            throw new OpenAiRequestException("'suffix' is not supported.", "suffix");
        var (n, seed, options, stream, includeUsage) = Sampling(root, null);
        var requests = prompts.Select(p => new SamplingRequest { Messages = [new ChatMessage(ChatRole.User, p)], N = n, Seed = seed, Options = options, RawPrompt = true }).ToArray();
        return new ParsedCompletionCall(model, requests, stream, includeUsage);
    }

    private static JsonObject Root(JsonNode? body) =>
        body as JsonObject ?? throw new OpenAiRequestException("The request body must be a JSON object.");

    private static string Model(JsonObject root) =>
        String(root, "model", "model") is { Length: > 0 } model ? model : throw new OpenAiRequestException("'model' is required.", "model");

    private static (int N, ulong Seed, SamplingOptions Options, bool Stream, bool IncludeUsage) Sampling(JsonObject root, string? maxTokensAlias)
    {
        int n = Int(root, "n") ?? 1;
        if (n is < 1 or > MaxChoices)
            throw new OpenAiRequestException($"'n' must be in 1..{MaxChoices}.", "n");
        // /v1/chat/completions takes logprobs as a boolean, /v1/completions as a count; either way we can't return them.
        bool wantsLogprobs = root["logprobs"] is JsonValue lp && lp.GetValueKind() == JsonValueKind.Number || Bool(root, "logprobs") == true;
        if (wantsLogprobs)
            throw new OpenAiRequestException("'logprobs' is not supported.", "logprobs");
        foreach (var penalty in new[] { "presence_penalty", "frequency_penalty" })
        {
            if (Number(root, penalty) is { } p && p != 0)
                throw new OpenAiRequestException($"'{penalty}' is not supported.", penalty);
        }
        int maxTokens = (maxTokensAlias is null ? null : Int(root, maxTokensAlias)) ?? Int(root, "max_tokens") ?? DefaultMaxTokens;
        var stop = root["stop"] switch
        {
            null => [],
            JsonValue v when v.TryGetValue(out string? one) => [one],
            JsonArray a when a.All(x => x is JsonValue xv && xv.TryGetValue(out string? _)) => a.Select(x => x!.GetValue<string>()).ToArray(),
            _ => throw new OpenAiRequestException("'stop' must be a string or an array of strings.", "stop"),
        };
        var options = new SamplingOptions
        {
            Temperature = (float)(Number(root, "temperature") ?? 1.0),
            TopP = (float)(Number(root, "top_p") ?? 1.0),
            TopK = Int(root, "top_k") is { } k && k > 0 ? k : 0, // vLLM's -1 and 0 both mean "off"
            MinP = (float)(Number(root, "min_p") ?? 0),
            MaxTokens = maxTokens,
            Stop = stop,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new OpenAiRequestException(e.Message, ParamOf(e.ParamName));
        }
        // A signed 64-bit seed on the wire (as vLLM takes it); no seed means seed 0, so every call is reproducible.
        ulong seed = root["seed"] is null ? 0 : unchecked((ulong)(Long(root, "seed") ?? 0));
        bool stream = Bool(root, "stream") ?? false;
        bool includeUsage = root["stream_options"] is JsonObject so && (Bool(so, "include_usage") ?? false);
        return (n, seed, options, stream, includeUsage);
    }

    private static string? ParamOf(string? name) => name switch
    {
        nameof(SamplingOptions.Temperature) => "temperature",
        nameof(SamplingOptions.TopP) => "top_p",
        nameof(SamplingOptions.TopK) => "top_k",
        nameof(SamplingOptions.MinP) => "min_p",
        nameof(SamplingOptions.MaxTokens) => "max_tokens",
        nameof(SamplingOptions.Stop) => "stop",
        _ => null,
    };

    /// <summary>A message's text: a string, or an array of parts of which only text parts are supported.</summary>
    private static string Content(JsonNode? content, string param)
    {
        switch (content)
        {
            case null:
                return "";
            case JsonValue v when v.TryGetValue(out string? text):
                return text;
            case JsonArray parts:
                var texts = new List<string>();
                foreach (var part in parts)
                {
                    if (part is not JsonObject o || String(o, "type", param) != "text" || String(o, "text", param) is not { } t)
                        throw new OpenAiRequestException($"{param}: only text parts are supported.", param);
                    texts.Add(t);
                }
                return string.Concat(texts);
            default:
                throw new OpenAiRequestException($"{param} must be a string or an array of text parts.", param);
        }
    }

    private static string? String(JsonObject o, string name, string param) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new OpenAiRequestException($"'{param}' must be a string.", param),
    };

    private static bool? Bool(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out bool b) => b,
        _ => throw new OpenAiRequestException($"'{name}' must be true or false.", name),
    };

    private static double? Number(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        _ => throw new OpenAiRequestException($"'{name}' must be a number.", name),
    };

    private static long? Long(JsonObject o, string name)
    {
        var value = Number(o, name);
        if (value is null)
            return null;
        if (o[name] is JsonValue v && v.TryGetValue(out long l))
            return l;
        throw new OpenAiRequestException($"'{name}' must be an integer.", name);
    }

    private static int? Int(JsonObject o, string name) => Long(o, name) switch
    {
        null => null,
        var l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => throw new OpenAiRequestException($"'{name}' is out of range.", name),
    };
}
