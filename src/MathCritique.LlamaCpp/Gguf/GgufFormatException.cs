namespace MathCritique.LlamaCpp.Gguf;

/// <summary>A GGUF file that is missing, truncated or not what it should be; the message names the file.</summary>
public sealed class GgufFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string FilePath { get; } = path;
}
