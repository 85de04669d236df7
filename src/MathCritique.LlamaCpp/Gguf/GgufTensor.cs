namespace MathCritique.LlamaCpp.Gguf;

/// <summary>
/// A named f32 tensor. <see cref="Shape"/> is in ggml order: Shape[0] is the fastest-varying dimension
/// (for a weight matrix, the input width; one row of Shape[0] floats per output unit).
/// </summary>
public sealed class GgufTensor
{
    public GgufTensor(string name, long[] shape, float[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length is < 1 or > 4 || shape.Any(d => d < 1))
            throw new ArgumentException($"Tensor {name}: bad shape [{string.Join(", ", shape)}].", nameof(shape));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] needs {count} values, got {data.Length}.", nameof(data));
        Name = name;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }
    public long[] Shape { get; }
    public float[] Data { get; }
    public long ElementCount => Data.LongLength;
}
