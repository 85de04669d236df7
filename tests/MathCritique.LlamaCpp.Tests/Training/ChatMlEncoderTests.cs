using System.Text;
using LLama;
using LLama.Common;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Tests.Training;

public sealed class ChatMlEncoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-chatml-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LlamaConfig Tiny = new() { EmbeddingLength = 32, BlockCount = 1, FeedForwardLength = 64, HeadCount = 2, HeadCountKv = 2, ContextLength = 64 };

    [Fact]
    public void Encoding_equals_llama_cpp_rendering_of_the_models_chat_template()
    {
        var path = Path.Combine(_dir, "m.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 1).Save(path);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { ContextSize = 64 });
        var example = new SftExample("What is 12 × 3?\nShow steps.", "12 × 3 = 36.\nThe answer is 36.");

        var template = new LLamaTemplate(weights);
        template.Add("user", example.Prompt);
        template.Add("assistant", example.Completion);
        var rendered = Encoding.UTF8.GetString(template.Apply());
        var expected = weights.Tokenize(rendered, false, true, Encoding.UTF8).Select(t => (int)t).ToArray();
        var encoded = ChatMlEncoder.ByteLevel.Encode(example);
        Assert.Equal(expected, encoded.Tokens);
        // The loss covers exactly the completion and its <|im_end|>.
        Assert.Equal(ByteLevelVocabulary.Encode(example.Completion).Append(ByteLevelVocabulary.ImEnd), encoded.Tokens[encoded.LossStart..encoded.LossEnd]);

        var prompt = new LLamaTemplate(weights) { AddAssistant = true };
        prompt.Add("user", example.Prompt);
        var promptTokens = weights.Tokenize(Encoding.UTF8.GetString(prompt.Apply()), false, true, Encoding.UTF8).Select(t => (int)t);
        Assert.Equal(promptTokens, ChatMlEncoder.ByteLevel.EncodePrompt(example.Prompt));

        // llama.cpp's own tokenizer of the GGUF agrees with the byte-level encoder.
        Assert.Equal(encoded.Tokens, ChatMlEncoder.FromGguf(path).Encode(example).Tokens);
    }

    [Fact]
    public void A_system_prompt_and_earlier_turns_render_as_the_chat_template_does_with_loss_on_the_last_reply_only()
    {
        var path = Path.Combine(_dir, "m.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 1).Save(path);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { ContextSize = 64 });
        var example = new SftExample("and 3?", "6") { System = "Double it.", History = [new("2?", "4"), new("5?", "10")] };

        var template = new LLamaTemplate(weights);
        template.Add("system", example.System!);
        foreach (var turn in example.History)
        {
            template.Add("user", turn.Prompt);
            template.Add("assistant", turn.Completion);
        }
        template.Add("user", example.Prompt);
        template.Add("assistant", example.Completion);
        var expected = weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), false, true, Encoding.UTF8).Select(t => (int)t).ToArray();
        var encoded = ChatMlEncoder.ByteLevel.Encode(example);
        Assert.Equal(expected, encoded.Tokens);
        Assert.Equal(ByteLevelVocabulary.Encode("6").Append(ByteLevelVocabulary.ImEnd), encoded.Tokens[encoded.LossStart..encoded.LossEnd]);
        Assert.Equal(encoded.Tokens.Length - 1, encoded.LossEnd);
    }

    [Fact]
    public void Unscored_spans_are_exactly_their_bytes_the_tokens_do_not_change_and_the_packer_puts_no_target_there()
    {
        const string completion = "He gets 2 × 7 = 14 beads.\nHe has 17 + 14 = 31 beads.\nLet me check step 2: 17 is not given. Step 2 is wrong.\nLet me correct it from step 2.\nHe has 10 + 14 = 24 beads.";
        int start = completion.IndexOf("He has 17", StringComparison.Ordinal), length = "He has 17 + 14 = 31 beads.".Length;
        var plain = new SftExample("How many beads?", completion);
        var masked = plain with { Unscored = [new CompletionSpan(start, length)] };

        var whole = ChatMlEncoder.ByteLevel.Encode(plain);
        var encoded = ChatMlEncoder.ByteLevel.Encode(masked);
        // Byte-level, piecewise encoding is the text's encoding: the same tokens and loss range, one span more.
        Assert.Equal(whole.Tokens, encoded.Tokens);
        Assert.Equal((whole.LossStart, whole.LossEnd), (encoded.LossStart, encoded.LossEnd));
        Assert.Empty(whole.Unscored);
        var span = Assert.Single(encoded.Unscored);
        // "×" is two bytes: the token range is in bytes, not characters.
        int byteStart = encoded.LossStart + Encoding.UTF8.GetByteCount(completion[..start]);
        Assert.Equal(new TokenSpan(byteStart, byteStart + length), span);
        Assert.Equal(ByteLevelVocabulary.Encode("He has 17 + 14 = 31 beads."), encoded.Tokens[span.Start..span.End]);

        // The packer's targets: -1 on the span, the next token everywhere else in the loss range; the same as before without spans.
        var window = WindowPacker.Pack([encoded], 512, pack: false, padToken: 0, out _).Single();
        var unmasked = WindowPacker.Pack([whole], 512, pack: false, padToken: 0, out _).Single();
        for (int i = 0; i + 1 < encoded.Tokens.Length; i++)
        {
            bool inSpan = i + 1 >= span.Start && i + 1 < span.End;
            Assert.Equal(inSpan ? -1 : unmasked.Targets[i], window.Targets[i]);
        }
        Assert.Equal(unmasked.LossTokens - length, window.LossTokens);
        Assert.Equal(unmasked.Tokens, window.Tokens);
    }

    [Fact]
    public void A_gguf_tokenizer_encodes_the_pieces_of_a_masked_completion_each_alone()
    {
        var path = Path.Combine(_dir, "m.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 1).Save(path);
        var encoder = ChatMlEncoder.FromGguf(path);
        var example = new SftExample("2 + 2?", "2 + 2 = 5.\nLet me check step 1: Step 1 is wrong.\nLet me correct it from step 1.\n2 + 2 = 4.") { Unscored = [new(0, 10)] };
        var encoded = encoder.Encode(example);
        var span = Assert.Single(encoded.Unscored);
        Assert.Equal(encoded.LossStart, span.Start);
        Assert.Equal(ByteLevelVocabulary.Encode("2 + 2 = 5."), encoded.Tokens[span.Start..span.End]);
        // Without spans the GGUF encoding is unchanged by the piecewise path.
        Assert.Equal(encoder.Encode(example with { Unscored = [] }).Tokens, encoded.Tokens);
        Assert.Empty(encoder.Encode(example with { Unscored = [] }).Unscored);
    }

    [Fact]
    public void A_loaded_lab_model_is_recognised_as_byte_level_and_other_vocabularies_need_their_gguf()
    {
        var path = Path.Combine(_dir, "m.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 2).Save(path);
        var loaded = LlamaModelFile.Load(path);
        Assert.Same(ChatMlEncoder.ByteLevel, ChatMlEncoder.For(loaded, null));

        var tokenizer = loaded.Tokenizer!.ToDictionary(kv => kv.Key, kv => kv.Value);
        var tokens = (object[])((object[])((ValueTuple<GgufValueType, object>)tokenizer["tokenizer.ggml.tokens"].Value).Item2).Clone();
        tokens[65] = "Z";
        tokenizer["tokenizer.ggml.tokens"] = (GgufValueType.Array, (GgufValueType.String, (object)tokens));
        var other = new LlamaModelFile(loaded.Config, loaded.Tensors, loaded.Name, tokenizer);
        Assert.Throws<ArgumentException>(() => ChatMlEncoder.For(other, null));
    }
}
