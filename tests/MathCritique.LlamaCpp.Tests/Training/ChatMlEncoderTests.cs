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
