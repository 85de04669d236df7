using System.Text;
using System.Text.Json;

namespace MathCritique.Runs;

/// <summary>
/// An append-only JSON Lines file of records, for long runs that must lose no finished work: each record
/// is flushed as it is written; on open, records already there are read back so a run can resume, and a
/// torn last line (a run killed mid-write) is cut off. A malformed line elsewhere is an error naming the line.
/// </summary>
public sealed class JsonlRecordStore<T> : IAsyncDisposable
{
    private readonly FileStream _stream;

    private JsonlRecordStore(string path, FileStream stream, IReadOnlyList<T> existing)
    {
        Path = path;
        _stream = stream;
        Existing = existing;
    }

    public string Path { get; }

    /// <summary>Records found in the file when it was opened.</summary>
    public IReadOnlyList<T> Existing { get; }

    public static async Task<JsonlRecordStore<T>> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var (existing, keep) = await ReadExistingAsync(path, cancellationToken).ConfigureAwait(false);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        stream.SetLength(keep);
        stream.Position = keep;
        return new JsonlRecordStore<T>(path, stream, existing);
    }

    /// <summary>The records <see cref="OpenAsync"/> would find, without opening the file for writing (a reader of another run's files leaves them as they are).</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        (await ReadExistingAsync(path, cancellationToken).ConfigureAwait(false)).Records;

    /// <summary>The whole lines' records and where they end (a torn last line is not among them).</summary>
    private static async Task<(IReadOnlyList<T> Records, long End)> ReadExistingAsync(string path, CancellationToken cancellationToken)
    {
        var existing = new List<T>();
        long keep = 0;
        if (File.Exists(path))
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            int lineStart = 0, lineNumber = 0;
            while (lineStart < bytes.Length)
            {
                int newline = Array.IndexOf(bytes, (byte)'\n', lineStart);
                lineNumber++;
                if (newline < 0)
                    break; // torn last line: left out
                var line = Encoding.UTF8.GetString(bytes, lineStart, newline - lineStart);
                if (line.Trim().Length > 0)
                {
                    try
                    {
                        existing.Add(JsonSerializer.Deserialize<T>(line, JsonFormat.Compact)
                            ?? throw new JsonException("null record"));
                    }
                    catch (JsonException e)
                    {
                        throw new InvalidDataException($"{path}:{lineNumber}: malformed record ({e.Message})", e);
                    }
                }
                lineStart = newline + 1;
                keep = lineStart;
            }
        }
        return (existing, keep);
    }

    public async Task AppendAsync(T record, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(record, JsonFormat.Compact);
        await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        _stream.WriteByte((byte)'\n');
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
