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
/// context only (LLaMA-Factory's <c>mask_history</c>), so that one example teaches one reply.
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
        tokens.AddRange(_encodeText(example.Completion));
        tokens.Add(_imEnd);
        int lossEnd = tokens.Count;
        tokens.AddRange(_encodeText("\n"));
        return new EncodedExample(tokens.ToArray(), lossStart, lossEnd);
    }

    /// <summary>The prompt as the model sees it at inference (ending with the assistant header).</summary>
    public int[] EncodePrompt(string prompt)
    {
        var encoded = Encode(new SftExample(prompt, ""));
        return encoded.Tokens[..encoded.LossStart];
    }
}

/// <summary>Token ids of one example; tokens in <c>[LossStart, LossEnd)</c> are predicted with loss.</summary>
public sealed record EncodedExample(int[] Tokens, int LossStart, int LossEnd);
