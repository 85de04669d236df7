using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MathCritique.Sampling;

/// <summary>
/// One small JSON file per completion, named by the SHA-256 of everything that determines it.
/// Writes go to a temp file then <see cref="File.Move(string, string, bool)"/>, so readers never see
/// a half-written file and concurrent writers of the same key are harmless.
/// </summary>
internal sealed class CompletionCache(string directory)
{
    private sealed record Entry(string Text, int PromptTokens, int GeneratedTokens, FinishReason FinishReason);

    public static string KeyOf(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));

    public async Task<Completion?> TryReadAsync(string key, int sampleIndex, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
            return null;
        try
        {
            await using var stream = File.OpenRead(path);
            var entry = await JsonSerializer.DeserializeAsync<Entry>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return entry is null ? null : new Completion(sampleIndex, entry.Text, entry.PromptTokens, entry.GeneratedTokens, entry.FinishReason);
        }
        catch (JsonException)
        {
            return null; // A damaged entry is resampled and overwritten.
        }
    }

    public async Task WriteAsync(string key, Completion completion, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = PathOf(key);
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var entry = new Entry(completion.Text, completion.PromptTokens, completion.GeneratedTokens, completion.FinishReason);
        try
        {
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(entry), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private string PathOf(string key) => Path.Combine(directory, key + ".json");
}
