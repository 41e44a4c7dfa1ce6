namespace PatchBench.Generation.Gguf;

/// <summary>A file is not GGUF, is cut short, or holds something the format does not allow.</summary>
public sealed class GgufFormatException(string path, long offset, string message)
    : Exception($"{path}: at byte {offset}: {message}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Where in the file the problem was found.</summary>
    public long Offset { get; } = offset;
}

/// <summary>Type tags of GGUF metadata values (gguf.h, enum gguf_type).</summary>
public enum GgufValueType : uint
{
    /// <summary>uint8</summary>
    UInt8 = 0,
    /// <summary>int8</summary>
    Int8 = 1,
    /// <summary>uint16</summary>
    UInt16 = 2,
    /// <summary>int16</summary>
    Int16 = 3,
    /// <summary>uint32</summary>
    UInt32 = 4,
    /// <summary>int32</summary>
    Int32 = 5,
    /// <summary>float32</summary>
    Float32 = 6,
    /// <summary>bool (one byte)</summary>
    Bool = 7,
    /// <summary>UTF-8 string with a uint64 length</summary>
    String = 8,
    /// <summary>typed array with a uint64 count</summary>
    Array = 9,
    /// <summary>uint64</summary>
    UInt64 = 10,
    /// <summary>int64</summary>
    Int64 = 11,
    /// <summary>float64</summary>
    Float64 = 12,
}

/// <summary>Tensor element types (ggml.h, enum ggml_type) with their block sizes.</summary>
public enum GgmlType : uint
{
    /// <summary>32-bit float</summary>
    F32 = 0,
    /// <summary>16-bit float</summary>
    F16 = 1,
    /// <summary>4-bit blocks of 32</summary>
    Q4_0 = 2,
    /// <summary>4-bit blocks of 32 with minimum</summary>
    Q4_1 = 3,
    /// <summary>5-bit blocks of 32</summary>
    Q5_0 = 6,
    /// <summary>5-bit blocks of 32 with minimum</summary>
    Q5_1 = 7,
    /// <summary>8-bit blocks of 32</summary>
    Q8_0 = 8,
    /// <summary>8-bit blocks of 32 with sum</summary>
    Q8_1 = 9,
    /// <summary>2-bit k-quant</summary>
    Q2_K = 10,
    /// <summary>3-bit k-quant</summary>
    Q3_K = 11,
    /// <summary>4-bit k-quant</summary>
    Q4_K = 12,
    /// <summary>5-bit k-quant</summary>
    Q5_K = 13,
    /// <summary>6-bit k-quant</summary>
    Q6_K = 14,
    /// <summary>8-bit k-quant</summary>
    Q8_K = 15,
    /// <summary>8-bit integer</summary>
    I8 = 24,
    /// <summary>16-bit integer</summary>
    I16 = 25,
    /// <summary>32-bit integer</summary>
    I32 = 26,
    /// <summary>64-bit integer</summary>
    I64 = 27,
    /// <summary>64-bit float</summary>
    F64 = 28,
    /// <summary>bfloat16</summary>
    BF16 = 30,
}

/// <summary>Sizes of ggml tensor types (ggml.c's type_traits: elements per block, bytes per block).</summary>
public static class GgmlTypeSizes
{
    /// <summary>(elements per block, bytes per block), or null for a type this table does not know.</summary>
    public static (int BlockSize, int TypeSize)? Of(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 => (1, 2),
        GgmlType.BF16 => (1, 2),
        GgmlType.F64 => (1, 8),
        GgmlType.I8 => (1, 1),
        GgmlType.I16 => (1, 2),
        GgmlType.I32 => (1, 4),
        GgmlType.I64 => (1, 8),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q4_1 => (32, 20),
        GgmlType.Q5_0 => (32, 22),
        GgmlType.Q5_1 => (32, 24),
        GgmlType.Q8_0 => (32, 34),
        GgmlType.Q8_1 => (32, 36),
        GgmlType.Q2_K => (256, 84),
        GgmlType.Q3_K => (256, 110),
        GgmlType.Q4_K => (256, 144),
        GgmlType.Q5_K => (256, 176),
        GgmlType.Q6_K => (256, 210),
        GgmlType.Q8_K => (256, 292),
        _ => null,
    };

    /// <summary>Bytes of a tensor with these dimensions, or null for an unknown type.</summary>
    public static long? TensorBytes(GgmlType type, IReadOnlyList<long> dims)
    {
        if (Of(type) is not { } s) return null;
        var elements = dims.Aggregate(1L, (a, d) => a * d);
        return elements / s.BlockSize * s.TypeSize;
    }
}

/// <summary>One tensor's entry in a GGUF file.</summary>
/// <param name="Name">Tensor name, e.g. blk.0.attn_q.weight.</param>
/// <param name="Dimensions">ne[0..n): innermost (contiguous) dimension first.</param>
/// <param name="Type">Element type.</param>
/// <param name="Offset">Offset of its data from the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, ulong Offset)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (a, d) => a * d);
}
