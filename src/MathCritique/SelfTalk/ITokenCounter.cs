using System.Text;

namespace MathCritique.SelfTalk;

/// <summary>Counts the tokens of a text as a model's tokenizer splits it (what a training budget is measured in).</summary>
public interface ITokenCounter
{
    /// <summary>The tokenizer, in words, for reports.</summary>
    string Name { get; }

    int Count(string text);
}

/// <summary>The lab models' byte-level vocabulary: one token per UTF-8 byte (no merges).</summary>
public sealed class Utf8ByteTokenCounter : ITokenCounter
{
    public string Name => "byte-level lab (one token per UTF-8 byte)";

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text);
    }
}
