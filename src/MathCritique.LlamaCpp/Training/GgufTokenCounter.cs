using System.Text;
using LLama;
using LLama.Common;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.Models;
using MathCritique.SelfTalk;

namespace MathCritique.LlamaCpp.Training;

/// <summary>Counts tokens with a GGUF model's own tokenizer (llama.cpp, vocabulary only), for a training budget in that model's tokens.</summary>
public sealed class GgufTokenCounter : ITokenCounter, IDisposable
{
    private readonly LLamaWeights _weights;

    public GgufTokenCounter(string ggufPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ggufPath);
        if (!File.Exists(ggufPath))
            throw new ModelNotFoundException(ggufPath);
        // Our reader names a truncated or foreign file clearly before llama.cpp sees it.
        GgufFile.Open(ggufPath);
        try
        {
            _weights = LLamaWeights.LoadFromFile(new ModelParams(ggufPath) { VocabOnly = true });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new GgufFormatException(ggufPath, $"llama.cpp could not load its vocabulary ({e.Message})", e);
        }
        Name = $"{Path.GetFileName(ggufPath)}'s";
    }

    public string Name { get; }

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : _weights.Tokenize(text, false, false, Encoding.UTF8).Length;
    }

    public void Dispose() => _weights.Dispose();
}
