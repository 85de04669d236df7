using System.Text;

namespace MathCritique.LlamaCpp.Gguf;

/// <summary>Where one tensor lives in a GGUF file.</summary>
public sealed record GgufTensorInfo(string Name, long[] Shape, uint Type, ulong Offset)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// A GGUF file's metadata and tensor directory, with f32/f16 tensor data loaded on demand as f32.
/// Reading validates sizes against the file length, so a truncated file fails with a clear message
/// instead of reaching native code.
/// </summary>
public sealed class GgufFile
{
    private const uint Magic = 0x46554747;
    private const long MaxCount = 1 << 24;

    private GgufFile(string path, uint version, IReadOnlyDictionary<string, (GgufValueType Type, object Value)> metadata,
        IReadOnlyList<GgufTensorInfo> tensors, long dataStart)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        DataStart = dataStart;
    }

    public string Path { get; }
    public uint Version { get; }
    public IReadOnlyDictionary<string, (GgufValueType Type, object Value)> Metadata { get; }
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }
    private long DataStart { get; }

    public string? GetString(string key) => Metadata.TryGetValue(key, out var v) && v.Value is string s ? s : null;

    public long? GetInteger(string key) => Metadata.TryGetValue(key, out var v) && v.Type is not (GgufValueType.String or GgufValueType.Array or GgufValueType.Float32 or GgufValueType.Float64 or GgufValueType.Bool)
        ? Convert.ToInt64(v.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public float? GetFloat(string key) => Metadata.TryGetValue(key, out var v) && v.Type is GgufValueType.Float32 or GgufValueType.Float64
        ? Convert.ToSingle(v.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Reads the header, metadata and tensor directory (not the tensor data).</summary>
    public static GgufFile Open(string path)
    {
        if (!File.Exists(path))
            throw new GgufFormatException(path, "file not found");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (stream.Length < 24 || reader.ReadUInt32() != Magic)
                throw new GgufFormatException(path, "not a GGUF file (bad magic)");
            uint version = reader.ReadUInt32();
            if (version is < 2 or > 3)
                throw new GgufFormatException(path, $"unsupported GGUF version {version}");
            long tensorCount = CheckedCount(path, reader.ReadUInt64(), "tensor count");
            long kvCount = CheckedCount(path, reader.ReadUInt64(), "metadata count");
            var metadata = new Dictionary<string, (GgufValueType, object)>(StringComparer.Ordinal);
            for (long i = 0; i < kvCount; i++)
            {
                var key = ReadString(path, reader);
                var type = (GgufValueType)reader.ReadUInt32();
                metadata[key] = (type, ReadValue(path, reader, type));
            }
            var tensors = new List<GgufTensorInfo>((int)tensorCount);
            for (long i = 0; i < tensorCount; i++)
            {
                var name = ReadString(path, reader);
                uint dims = reader.ReadUInt32();
                if (dims is < 1 or > 4)
                    throw new GgufFormatException(path, $"tensor {name} has {dims} dimensions");
                var shape = new long[dims];
                for (int d = 0; d < dims; d++)
                    shape[d] = (long)reader.ReadUInt64();
                tensors.Add(new GgufTensorInfo(name, shape, reader.ReadUInt32(), reader.ReadUInt64()));
            }
            long alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a.Item2, System.Globalization.CultureInfo.InvariantCulture) : 32;
            long dataStart = (stream.Position + alignment - 1) / alignment * alignment;
            foreach (var t in tensors)
            {
                long bytes = t.Type switch { 0 => 4, 1 => 2, _ => 0 } * t.ElementCount;
                if (bytes > 0 && dataStart + (long)t.Offset + bytes > stream.Length)
                    throw new GgufFormatException(path, $"truncated: tensor {t.Name} ends past the end of the file ({stream.Length} bytes)");
            }
            return new GgufFile(path, version, metadata, tensors, dataStart);
        }
        catch (EndOfStreamException e)
        {
            throw new GgufFormatException(path, "truncated file", e);
        }
    }

    /// <summary>Reads one tensor as f32 (f32 and f16 tensors only).</summary>
    public float[] ReadTensor(GgufTensorInfo tensor)
    {
        if (tensor.Type is not (0 or 1))
            throw new GgufFormatException(Path, $"tensor {tensor.Name} has ggml type {tensor.Type}; only f32 and f16 tensors can be read for training");
        var values = new float[tensor.ElementCount];
        using var stream = File.OpenRead(Path);
        stream.Position = DataStart + (long)tensor.Offset;
        if (tensor.Type == 0)
        {
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            var half = new Half[values.Length];
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(half.AsSpan()));
            for (int i = 0; i < half.Length; i++)
                values[i] = (float)half[i];
        }
        return values;
    }

    private static long CheckedCount(string path, ulong count, string what) =>
        count > MaxCount ? throw new GgufFormatException(path, $"implausible {what} {count}") : (long)count;

    private static string ReadString(string path, BinaryReader reader)
    {
        ulong length = reader.ReadUInt64();
        if (length > (ulong)(reader.BaseStream.Length - reader.BaseStream.Position))
            throw new GgufFormatException(path, "truncated string");
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    private static object ReadValue(string path, BinaryReader reader, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(path, reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Array => ReadArray(path, reader),
        _ => throw new GgufFormatException(path, $"unknown metadata type {(uint)type}"),
    };

    private static (GgufValueType, object) ReadArray(string path, BinaryReader reader)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        long count = CheckedCount(path, reader.ReadUInt64(), "array length");
        var items = new object[count];
        for (long i = 0; i < count; i++)
            items[i] = ReadValue(path, reader, elementType);
        return (elementType, items);
    }
}
