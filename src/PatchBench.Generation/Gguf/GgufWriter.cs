using System.Text;

namespace PatchBench.Generation.Gguf;

/// <summary>
/// Writes GGUF version 3 files: metadata entries, a tensor directory, then tensor data, each
/// tensor aligned to <see cref="Alignment"/> bytes. Tensor data is produced by a callback when the
/// file is written, so large models need not sit in memory.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<(string Key, GgufValueType Type, object Value)> _metadata = [];
    private readonly List<(GgufTensorInfo Info, long Bytes, Action<Stream> Write)> _tensors = [];

    /// <summary>A writer with the given data alignment (GGUF's default is 32).</summary>
    public GgufWriter(int alignment = 32)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) throw new ArgumentException($"alignment must be a power of two, got {alignment}");
        Alignment = alignment;
        if (alignment != 32) AddUInt32("general.alignment", (uint)alignment);
    }

    /// <summary>Alignment of the data section and of each tensor.</summary>
    public int Alignment { get; }

    /// <summary>Adds a string value.</summary>
    public GgufWriter AddString(string key, string value) => Add(key, GgufValueType.String, value);

    /// <summary>Adds a uint32 value.</summary>
    public GgufWriter AddUInt32(string key, uint value) => Add(key, GgufValueType.UInt32, value);

    /// <summary>Adds an int32 value.</summary>
    public GgufWriter AddInt32(string key, int value) => Add(key, GgufValueType.Int32, value);

    /// <summary>Adds a float32 value.</summary>
    public GgufWriter AddFloat32(string key, float value) => Add(key, GgufValueType.Float32, value);

    /// <summary>Adds a bool value.</summary>
    public GgufWriter AddBool(string key, bool value) => Add(key, GgufValueType.Bool, value);

    /// <summary>Adds an array of strings.</summary>
    public GgufWriter AddStringArray(string key, IReadOnlyList<string> values) =>
        Add(key, GgufValueType.Array, (GgufValueType.String, values.Cast<object>().ToArray()));

    /// <summary>Adds an array of float32.</summary>
    public GgufWriter AddFloat32Array(string key, IReadOnlyList<float> values) =>
        Add(key, GgufValueType.Array, (GgufValueType.Float32, values.Cast<object>().ToArray()));

    /// <summary>Adds an array of int32.</summary>
    public GgufWriter AddInt32Array(string key, IReadOnlyList<int> values) =>
        Add(key, GgufValueType.Array, (GgufValueType.Int32, values.Cast<object>().ToArray()));

    private GgufWriter Add(string key, GgufValueType type, object value)
    {
        if (_metadata.Any(m => m.Key == key)) throw new ArgumentException($"metadata key '{key}' added twice");
        _metadata.Add((key, type, value));
        return this;
    }

    /// <summary>
    /// Adds a tensor. <paramref name="dimensions"/> are ggml's ne: the contiguous dimension first
    /// (a weight matrix mapping n_in to n_out is [n_in, n_out]). <paramref name="write"/> must write
    /// exactly the tensor's bytes.
    /// </summary>
    public GgufWriter AddTensor(string name, long[] dimensions, GgmlType type, Action<Stream> write)
    {
        var bytes = GgmlTypeSizes.TensorBytes(type, dimensions) ?? throw new ArgumentException($"tensor type {type} has no known size");
        var offset = _tensors.Count == 0 ? 0 : Align(_tensors[^1].Info.Offset + (ulong)_tensors[^1].Bytes);
        _tensors.Add((new GgufTensorInfo(name, dimensions, type, offset), bytes, write));
        return this;
    }

    /// <summary>Adds an F32 or F16 tensor from float values (converted to half for F16).</summary>
    public GgufWriter AddTensor(string name, long[] dimensions, GgmlType type, float[] values)
    {
        if (type is not (GgmlType.F32 or GgmlType.F16)) throw new ArgumentException($"float data can be stored as F32 or F16, not {type}");
        var elements = dimensions.Aggregate(1L, (a, d) => a * d);
        if (values.Length != elements) throw new ArgumentException($"tensor '{name}' has {elements} elements but {values.Length} values were given");
        return AddTensor(name, dimensions, type, stream => WriteFloats(stream, values, type));
    }

    /// <summary>Writes floats as F32, F16 or Q8_0 (ggml's quantize_row_q8_0_ref: per block of 32, d = max|x| / 127, q = round(x / d)).</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> values, GgmlType type)
    {
        if (type == GgmlType.Q8_0)
        {
            WriteQ8_0(stream, values);
            return;
        }
        var size = type == GgmlType.F16 ? 2 : 4;
        var buffer = new byte[Math.Min(values.Length, 1 << 16) * size];
        for (var start = 0; start < values.Length; start += buffer.Length / size)
        {
            var n = Math.Min(buffer.Length / size, values.Length - start);
            for (var i = 0; i < n; i++)
            {
                if (type == GgmlType.F16) BitConverter.TryWriteBytes(buffer.AsSpan(i * 2), BitConverter.HalfToUInt16Bits((Half)values[start + i]));
                else BitConverter.TryWriteBytes(buffer.AsSpan(i * 4), values[start + i]);
            }
            stream.Write(buffer, 0, n * size);
        }
    }

    private static void WriteQ8_0(Stream stream, ReadOnlySpan<float> values)
    {
        if (values.Length % 32 != 0) throw new ArgumentException($"Q8_0 needs a multiple of 32 values, got {values.Length}");
        Span<byte> block = stackalloc byte[34];
        for (var start = 0; start < values.Length; start += 32)
        {
            var x = values.Slice(start, 32);
            var amax = 0f;
            foreach (var v in x) amax = Math.Max(amax, Math.Abs(v));
            var d = amax / 127f;
            var id = d != 0 ? 1f / d : 0f;
            BitConverter.TryWriteBytes(block, BitConverter.HalfToUInt16Bits((Half)d));
            for (var j = 0; j < 32; j++) block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
            stream.Write(block);
        }
    }

    private ulong Align(ulong offset) => (offset + (ulong)Alignment - 1) / (ulong)Alignment * (ulong)Alignment;

    /// <summary>Writes the file (to a temporary name first, then renamed, so a crash leaves no half file).</summary>
    public void WriteTo(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            WriteTo(stream);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the file to a stream.</summary>
    public void WriteTo(Stream stream)
    {
        var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(GgufReader.Magic);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, type, value) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)type);
            WriteValue(w, type, value);
        }
        foreach (var (info, _, _) in _tensors)
        {
            WriteString(w, info.Name);
            w.Write((uint)info.Dimensions.Count);
            foreach (var d in info.Dimensions) w.Write((ulong)d);
            w.Write((uint)info.Type);
            w.Write(info.Offset);
        }
        w.Flush();
        var dataStart = (long)Align((ulong)stream.Position);
        Pad(stream, dataStart - stream.Position);
        foreach (var (info, bytes, write) in _tensors)
        {
            Pad(stream, dataStart + (long)info.Offset - stream.Position);
            var before = stream.Position;
            write(stream);
            if (stream.Position - before != bytes)
            {
                throw new InvalidOperationException($"tensor '{info.Name}' wrote {stream.Position - before} bytes, expected {bytes}");
            }
        }
        stream.Flush();
    }

    private static void Pad(Stream stream, long n)
    {
        for (long i = 0; i < n; i++) stream.WriteByte(0);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.String: WriteString(w, (string)value); break;
            case GgufValueType.UInt32: w.Write(Convert.ToUInt32(value)); break;
            case GgufValueType.Int32: w.Write(Convert.ToInt32(value)); break;
            case GgufValueType.Float32: w.Write(Convert.ToSingle(value)); break;
            case GgufValueType.Bool: w.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.Array:
                var (elementType, items) = ((GgufValueType, object[]))value;
                w.Write((uint)elementType);
                w.Write((ulong)items.Length);
                foreach (var item in items) WriteValue(w, elementType, item);
                break;
            default: throw new ArgumentException($"cannot write metadata of type {type}");
        }
    }
}
