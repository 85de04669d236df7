namespace MathCritique.LlamaCpp.Gguf;

/// <summary>GGUF metadata value types (gguf.h).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>The ggml tensor types this project reads and writes.</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
}
