using System.Buffers.Binary;

namespace PatchBench.Generation.Gguf;

/// <summary>
/// Reads a tensor's weights out of a GGUF file as floats, dequantizing as ggml does (ggml-quants.c): F32, F16, BF16
/// and Q8_0 (blocks of 32 int8 values sharing one F16 scale: x = d · q). The exporter stores these floats, so the ONNX
/// model computes with exactly the values llama.cpp computes with after dequantizing.
/// </summary>
public static class GgufTensorData
{
    /// <summary>The types <see cref="ReadFloats"/> reads.</summary>
    public static readonly IReadOnlySet<GgmlType> Readable = new HashSet<GgmlType> { GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0 };

    /// <summary>The tensor's values in file order (innermost dimension first).</summary>
    public static float[] ReadFloats(GgufFile file, GgufTensorInfo tensor)
    {
        if (!Readable.Contains(tensor.Type))
        {
            throw new NotSupportedException($"{file.Path}: tensor '{tensor.Name}' is {tensor.Type}; the exporter reads F32, F16, BF16 and Q8_0 weights");
        }
        var bytes = GgmlTypeSizes.TensorBytes(tensor.Type, tensor.Dimensions)!.Value;
        var at = file.DataOffset + (long)tensor.Offset;
        if (at + bytes > file.FileLength)
        {
            throw new GgufFormatException(file.Path, at, $"tensor '{tensor.Name}' needs {bytes} bytes but the file ends at {file.FileLength} (truncated?)");
        }
        var raw = new byte[bytes];
        using (var handle = File.OpenHandle(file.Path))
        {
            var read = 0;
            while (read < raw.Length) read += RandomAccess.Read(handle, raw.AsSpan(read), at + read) is var n and > 0 ? n
                : throw new EndOfStreamException(file.Path);
        }
        var values = new float[tensor.ElementCount];
        Dequantize(tensor.Type, raw, values);
        return values;
    }

    /// <summary>Decodes <paramref name="raw"/> of <paramref name="type"/> into <paramref name="values"/>.</summary>
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> raw, Span<float> values)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
                break;
            case GgmlType.F16:
                for (var i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(2 * i)..]);
                break;
            case GgmlType.BF16:
                for (var i = 0; i < values.Length; i++) values[i] =
                    BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]) << 16);
                break;
            case GgmlType.Q8_0:
                for (var block = 0; block * 32 < values.Length; block++)
                {
                    var b = raw.Slice(block * 34, 34);
                    var d = (float)BinaryPrimitives.ReadHalfLittleEndian(b);
                    for (var j = 0; j < 32; j++) values[block * 32 + j] = d * (sbyte)b[2 + j];
                }
                break;
            default:
                throw new NotSupportedException($"dequantizing {type} is not implemented");
        }
    }
}
