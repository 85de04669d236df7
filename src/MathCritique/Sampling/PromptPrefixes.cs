namespace MathCritique.Sampling;

/// <summary>
/// The prompts one scope has sent so far, to count how much of its next prompt a cache of their prefixes would not
/// compute again: the longest leading text the prompt has in common with any of them. Measured on the prompt's text
/// (the messages and the assistant prefix as the request holds them), not reported by the engine, so the in-process
/// engine and a server count the same calls the same way whatever their caches hold; converted to tokens at the call's
/// own rate (prompt tokens per character): exact for a tokenizer with a token per character (the lab's byte-level one
/// on ASCII text), within a token or so a call for others (a token across the end of the common text, the chat
/// template's tokens counted at the same rate).
/// </summary>
internal sealed class PromptPrefixes
{
    // Sorted ordinally: the prompt with the longest common prefix with a new one is next to where it would go.
    private readonly List<string> _sorted = [];

    /// <summary>The leading tokens of <paramref name="prompt"/> shared with an earlier prompt; remembers it.</summary>
    public int SharedTokens(string prompt, int promptTokens)
    {
        if (prompt.Length == 0)
            return 0;
        int at = _sorted.BinarySearch(prompt, StringComparer.Ordinal);
        int common = prompt.Length;
        if (at < 0)
        {
            at = ~at;
            common = Math.Max(at > 0 ? CommonLength(_sorted[at - 1], prompt) : 0, at < _sorted.Count ? CommonLength(_sorted[at], prompt) : 0);
            _sorted.Insert(at, prompt);
        }
        return (int)((long)promptTokens * common / prompt.Length);
    }

    /// <summary>The text a request's prompt is compared by: its messages, then (after a separator) its assistant prefix.</summary>
    public static string TextOf(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = string.Join('\n', request.Messages.Select(m => m.Text));
        return request.AssistantPrefix is null ? messages : messages + "\u0001" + request.AssistantPrefix;
    }

    private static int CommonLength(string a, string b) => a.AsSpan().CommonPrefixLength(b);
}
