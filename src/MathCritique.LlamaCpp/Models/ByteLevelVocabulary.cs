namespace MathCritique.LlamaCpp.Models;

/// <summary>
/// The lab models' tokenizer: GPT-2 style byte-level BPE with no merges, so token id = byte value,
/// plus three control tokens for a ChatML conversation. llama.cpp loads it as <c>tokenizer.ggml.model = "gpt2"</c>.
/// </summary>
public static class ByteLevelVocabulary
{
    public const int EndOfText = 256;
    public const int ImStart = 257;
    public const int ImEnd = 258;
    public const int Size = 259;

    /// <summary>ChatML, which llama.cpp recognises by its <c>&lt;|im_start|&gt;</c> marker.</summary>
    public const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private const int NormalToken = 1;
    private const int ControlToken = 3;

    public static IReadOnlyList<string> Tokens { get; } = BuildTokens();

    public static IReadOnlyList<int> TokenTypes { get; } =
        Enumerable.Range(0, Size).Select(i => i < 256 ? NormalToken : ControlToken).ToArray();

    /// <summary>Token ids of a text (its UTF-8 bytes) — the same ids llama.cpp produces for this vocabulary.</summary>
    public static int[] Encode(string text) => System.Text.Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    private static string[] BuildTokens()
    {
        // GPT-2's byte→unicode map: printable bytes map to themselves, the rest to 256+n in order.
        var tokens = new string[Size];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            tokens[b] = char.ConvertFromUtf32(printable ? b : 256 + next++);
        }
        tokens[EndOfText] = "<|endoftext|>";
        tokens[ImStart] = "<|im_start|>";
        tokens[ImEnd] = "<|im_end|>";
        return tokens;
    }
}
