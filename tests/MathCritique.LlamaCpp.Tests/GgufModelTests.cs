using LLama;
using LLama.Common;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.LlamaCpp.Tests;

public sealed class GgufModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-gguf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LlamaConfig Tiny = new() { EmbeddingLength = 32, BlockCount = 1, FeedForwardLength = 64, HeadCount = 2, HeadCountKv = 2, ContextLength = 64 };

    [Fact]
    public void A_random_model_written_from_csharp_loads_in_llama_cpp_and_tokenizes_bytes()
    {
        var path = Path.Combine(_dir, "tiny.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 1).Save(path);

        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { ContextSize = 64 });
        Assert.Equal(ByteLevelVocabulary.Size, weights.Vocab.Count);
        var tokens = weights.Tokenize("3 * 14 = 42\n", add_bos: false, special: true, System.Text.Encoding.UTF8);
        Assert.Equal(ByteLevelVocabulary.Encode("3 * 14 = 42\n"), tokens.Select(t => (int)t));
        var chat = weights.Tokenize("<|im_start|>user\nhi<|im_end|>", add_bos: false, special: true, System.Text.Encoding.UTF8);
        Assert.Equal(ByteLevelVocabulary.ImStart, (int)chat[0]);
        Assert.Equal(ByteLevelVocabulary.ImEnd, (int)chat[^1]);
    }

    [Fact]
    public void Saved_weights_read_back_identically_in_f32_and_closely_in_f16()
    {
        var model = LlamaModelFile.CreateRandom(Tiny, seed: 2);
        var f32 = Path.Combine(_dir, "a.gguf");
        var f16 = Path.Combine(_dir, "b.gguf");
        model.Save(f32);
        model.Save(f16, GgmlType.F16);
        var back32 = LlamaModelFile.Load(f32);
        var back16 = LlamaModelFile.Load(f16);
        Assert.Equal(model.Config, back32.Config);
        foreach (var tensor in model.Tensors)
        {
            Assert.Equal(tensor.Data, back32[tensor.Name].Data);
            Assert.All(tensor.Data.Zip(back16[tensor.Name].Data), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-3));
        }
    }

    [Fact]
    public void Truncated_and_missing_files_give_clear_errors()
    {
        var path = Path.Combine(_dir, "t.gguf");
        LlamaModelFile.CreateRandom(Tiny, seed: 3).Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));
        Assert.Contains("t.gguf", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "not a model at all, just text");
        Assert.Contains("bad magic", Assert.Throws<GgufFormatException>(() => GgufFile.Open(path)).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<GgufFormatException>(() => GgufFile.Open(Path.Combine(_dir, "none.gguf"))).Message, StringComparison.Ordinal);
    }
}
