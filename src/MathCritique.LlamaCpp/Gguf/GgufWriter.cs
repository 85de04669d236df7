using System.Text;

namespace MathCritique.LlamaCpp.Gguf;

/// <summary>
/// Writes GGUF v3 files: typed metadata, then tensor infos, then 32-byte aligned tensor data.
/// The file is written to a temporary name and renamed, so a crash never leaves a truncated model.
/// </summary>
public sealed class GgufWriter
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const uint Version = 3;
    private const int Alignment = 32;

    private readonly List<(string Key, GgufValueType Type, object Value)> _metadata = [];
    private readonly List<(GgufTensor Tensor, GgmlType Type)> _tensors = [];

    public GgufWriter Add(string key, string value) => AddKv(key, GgufValueType.String, value);
    public GgufWriter Add(string key, uint value) => AddKv(key, GgufValueType.UInt32, value);
    public GgufWriter Add(string key, int value) => AddKv(key, GgufValueType.Int32, value);
    public GgufWriter Add(string key, float value) => AddKv(key, GgufValueType.Float32, value);
    public GgufWriter Add(string key, bool value) => AddKv(key, GgufValueType.Bool, value);
    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddKv(key, GgufValueType.Array, (GgufValueType.String, (object)values));
    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddKv(key, GgufValueType.Array, (GgufValueType.Int32, (object)values));
    public GgufWriter Add(string key, IReadOnlyList<float> values) => AddKv(key, GgufValueType.Array, (GgufValueType.Float32, (object)values));

    /// <summary>Adds a metadata value read from another file (any supported type).</summary>
    public GgufWriter AddRaw(string key, GgufValueType type, object value) => AddKv(key, type, value);

    public GgufWriter AddTensor(GgufTensor tensor, GgmlType type = GgmlType.F32)
    {
        if (_tensors.Any(t => t.Tensor.Name == tensor.Name))
            throw new ArgumentException($"Duplicate tensor {tensor.Name}.", nameof(tensor));
        _tensors.Add((tensor, type));
        return this;
    }

    private GgufWriter AddKv(string key, GgufValueType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _metadata.RemoveAll(kv => kv.Key == key);
        _metadata.Add((key, type, value));
        return this;
    }

    public void Write(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((ulong)_tensors.Count);
            writer.Write((ulong)_metadata.Count);
            foreach (var (key, type, value) in _metadata)
            {
                WriteString(writer, key);
                writer.Write((uint)type);
                WriteValue(writer, type, value);
            }
            ulong offset = 0;
            foreach (var (tensor, type) in _tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Shape.Length);
                foreach (var dim in tensor.Shape)
                    writer.Write((ulong)dim);
                writer.Write((uint)type);
                writer.Write(offset);
                offset = Align(offset + ByteSize(tensor, type));
            }
            Pad(writer);
            long dataStart = stream.Position;
            foreach (var (tensor, type) in _tensors)
            {
                WriteData(writer, tensor, type);
                Pad(writer, dataStart);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static ulong ByteSize(GgufTensor tensor, GgmlType type) =>
        (ulong)tensor.ElementCount * (type == GgmlType.F16 ? 2UL : 4UL);

    private static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer, long origin = 0)
    {
        long position = writer.BaseStream.Position - origin;
        long padding = (Alignment - position % Alignment) % Alignment;
        for (long i = 0; i < padding; i++)
            writer.Write((byte)0);
    }

    private static void WriteData(BinaryWriter writer, GgufTensor tensor, GgmlType type)
    {
        if (type == GgmlType.F32)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            return;
        }
        var half = new Half[tensor.Data.Length];
        for (int i = 0; i < half.Length; i++)
            half[i] = (Half)tensor.Data[i];
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(half.AsSpan()));
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write(Convert.ToByte(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int8: writer.Write(Convert.ToSByte(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt16: writer.Write(Convert.ToUInt16(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int16: writer.Write(Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt32: writer.Write(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int32: writer.Write(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Float32: writer.Write(Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Bool: writer.Write((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int64: writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Float64: writer.Write(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Array:
                var (elementType, items) = ((GgufValueType, object))value;
                var list = (System.Collections.IList)items;
                writer.Write((uint)elementType);
                writer.Write((ulong)list.Count);
                foreach (var item in list)
                    WriteValue(writer, elementType, item!);
                break;
            default:
                throw new NotSupportedException($"GGUF value type {type}");
        }
    }
}
