using System.Buffers.Binary;
using System.Text;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// The protobuf wire format, just enough to write ONNX models: varints, length-delimited fields
/// (strings, bytes, nested messages, packed repeated numbers) and 32-bit floats. A message is
/// built into its own buffer, so nesting is "write the child, then embed its bytes".
/// </summary>
public sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    /// <summary>The message's bytes so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Bytes written so far.</summary>
    public long Length => _buffer.Length;

    /// <summary>A varint field (int32, int64, enum, bool).</summary>
    public ProtobufWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A 32-bit float field.</summary>
    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field (also an embedded message's serialized bytes).</summary>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>An embedded message.</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    /// <summary>A packed repeated varint field (proto3's default encoding of repeated int64).</summary>
    public ProtobufWriter PackedVarints(int field, IEnumerable<long> values)
    {
        var inner = new ProtobufWriter();
        foreach (var v in values) inner.WriteVarint((ulong)v);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtobufWriter PackedFloats(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return Bytes(field, bytes);
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
