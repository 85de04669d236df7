using System.Text;
using LLama;
using LLama.Common;
using MathCritique.LlamaCpp.Models;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// Turns an <see cref="SftExample"/> into token ids laid out exactly as the ChatML chat template renders the
/// conversation: <c>&lt;|im_start|&gt;user\n{prompt}&lt;|im_end|&gt;\n&lt;|im_start|&gt;assistant\n{completion}&lt;|im_end|&gt;\n</c>,
/// after a <c>system</c> turn when the example has a system prompt and after its earlier turns.
/// The loss covers the completion and its <c>&lt;|im_end|&gt;</c> (so the model learns to stop); the earlier turns are
/// context only (LLaMA-Factory's <c>mask_history</c>), so that one example teaches one reply. The completion's
/// <see cref="SftExample.Unscored"/> spans are context too (<see cref="EncodedExample.Unscored"/>).
/// </summary>
public sealed class ChatMlEncoder
{
    private readonly Func<string, int[]> _encodeText;
    private readonly int _imStart;
    private readonly int _imEnd;

    private ChatMlEncoder(Func<string, int[]> encodeText, int imStart, int imEnd)
    {
        _encodeText = encodeText;
        _imStart = imStart;
        _imEnd = imEnd;
    }

    /// <summary>The lab models' byte-level vocabulary: bytes plus control-token ids.</summary>
    public static ChatMlEncoder ByteLevel { get; } = new(ByteLevelVocabulary.Encode, ByteLevelVocabulary.ImStart, ByteLevelVocabulary.ImEnd);

    /// <summary>The encoder for a model: byte-level for lab vocabularies, otherwise llama.cpp's tokenizer of the GGUF at <paramref name="ggufPath"/>.</summary>
    public static ChatMlEncoder For(LlamaModelFile model, string? ggufPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (IsByteLevel(model))
            return ByteLevel;
        if (ggufPath is null)
            throw new ArgumentException("The model does not use the byte-level vocabulary; its GGUF path is needed to tokenize with llama.cpp.", nameof(ggufPath));
        return FromGguf(ggufPath);
    }

    /// <summary>Tokenizes with llama.cpp (special tokens parsed); the model must define <c>&lt;|im_start|&gt;</c> and <c>&lt;|im_end|&gt;</c>.</summary>
    public static ChatMlEncoder FromGguf(string ggufPath)
    {
        // Keep the vocabulary loaded: the tokenizer is called for every example.
        var weights = LLamaWeights.LoadFromFile(new ModelParams(ggufPath) { VocabOnly = true });
        int[] Encode(string text) => text.Length == 0 ? [] : weights.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t).ToArray();
        int Single(string marker)
        {
            var ids = Encode(marker);
            return ids.Length == 1 ? ids[0] : throw new ArgumentException($"{ggufPath}: {marker} is not a single special token; the model has no ChatML template tokens.");
        }
        return new ChatMlEncoder(Encode, Single("<|im_start|>"), Single("<|im_end|>"));
    }

    private static bool IsByteLevel(LlamaModelFile model)
    {
        if (model.Tokenizer is null)
            return true;
        if (!model.Tokenizer.TryGetValue("tokenizer.ggml.tokens", out var tokens)
            || tokens.Value is not ValueTuple<Gguf.GgufValueType, object> { Item2: object[] list })
            return false;
        if (list.Length != ByteLevelVocabulary.Size)
            return false;
        for (int i = 0; i < list.Length; i++)
            if (!string.Equals(list[i]?.ToString(), ByteLevelVocabulary.Tokens[i], StringComparison.Ordinal))
                return false;
        return true;
    }

    /// <summary>Token ids of the whole turn and the range <c>[LossStart, LossEnd)</c> of tokens the model must predict.</summary>
    public EncodedExample Encode(SftExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var tokens = new List<int>();
        void Turn(string role, string text)
        {
            tokens.Add(_imStart);
            tokens.AddRange(_encodeText(role + "\n" + text));
            tokens.Add(_imEnd);
            tokens.AddRange(_encodeText("\n"));
        }
        if (!string.IsNullOrEmpty(example.System))
            Turn("system", example.System);
        foreach (var turn in example.History)
        {
            Turn("user", turn.Prompt);
            Turn("assistant", turn.Completion);
        }
        Turn("user", example.Prompt);
        tokens.Add(_imStart);
        tokens.AddRange(_encodeText("assistant\n"));
        int lossStart = tokens.Count;
        // Encoded piece by piece at the unscored spans' edges, so that each span is a whole run of tokens. Byte-level this
        // is exactly the text's encoding; a GGUF tokenizer may merge across an edge when the text is encoded whole, but
        // the spans fall on line boundaries, where merges rarely cross (the turns are joined piecewise the same way), and
        // the build counts trained tokens per piece too (TrainedTokens.CountTrained).
        // Without spans the completion is one piece: the same tokens as ever.
        var unscored = new List<TokenSpan>();
        foreach (var (text, scored) in example.CompletionPieces())
        {
            int start = tokens.Count;
            tokens.AddRange(_encodeText(text));
            if (!scored && tokens.Count > start)
                unscored.Add(new TokenSpan(start, tokens.Count));
        }
        tokens.Add(_imEnd);
        int lossEnd = tokens.Count;
        tokens.AddRange(_encodeText("\n"));
        return new EncodedExample(tokens.ToArray(), lossStart, lossEnd) { Unscored = unscored };
    }

    /// <summary>The prompt as the model sees it at inference (ending with the assistant header).</summary>
    public int[] EncodePrompt(string prompt)
    {
        var encoded = Encode(new SftExample(prompt, ""));
        return encoded.Tokens[..encoded.LossStart];
    }
}

/// <summary>Token ids of one example; tokens in <c>[LossStart, LossEnd)</c> are predicted with loss, except those in <see cref="Unscored"/>.</summary>
public sealed record EncodedExample(int[] Tokens, int LossStart, int LossEnd)
{
    /// <summary>Ranges inside <c>[LossStart, LossEnd)</c> the model reads without loss (the completion's unscored spans), in order.</summary>
    public IReadOnlyList<TokenSpan> Unscored { get; init; } = [];

    /// <summary>Whether token <paramref name="index"/> is predicted with loss.</summary>
    public bool IsScored(int index)
    {
        if (index < LossStart || index >= LossEnd)
            return false;
        // A loop, not LINQ: called for every token of every window.
        for (int i = 0; i < Unscored.Count; i++)
            if (index >= Unscored[i].Start && index < Unscored[i].End)
                return false;
        return true;
    }
}

/// <summary>Tokens <c>[Start, End)</c> of an encoded example.</summary>
public readonly record struct TokenSpan(int Start, int End);
