using System.Text;

namespace PatchBench.Generation.Gguf;

/// <summary>
/// What a GGUF file says about itself: metadata and tensor directory (not the weights).
/// Metadata values are .NET values: integers as long/ulong, floats as double, bool, string, or
/// arrays of those (object[]).
/// </summary>
public sealed record GgufFile(
    string Path,
    uint Version,
    IReadOnlyDictionary<string, object> Metadata,
    IReadOnlyList<GgufTensorInfo> Tensors,
    long DataOffset,
    long FileLength)
{
    /// <summary>general.architecture, e.g. "llama".</summary>
    public string? Architecture => Metadata.GetValueOrDefault("general.architecture") as string;

    /// <summary>general.name, or the file name without extension.</summary>
    public string Name => Metadata.GetValueOrDefault("general.name") as string ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Total number of weights.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>Bytes of tensor data.</summary>
    public long TensorBytes => Tensors.Sum(t => GgmlTypeSizes.TensorBytes(t.Type, t.Dimensions) ?? 0);

    /// <summary>
    /// The quantisation: general.file_type's name (e.g. "Q4_K_M", "F16") when present, else the
    /// type holding most weights among the 2-D tensors.
    /// </summary>
    public string Quantization
    {
        get
        {
            if (Metadata.GetValueOrDefault("general.file_type") is { } ft && Convert.ToInt64(ft) is var code && FileTypeNames.TryGetValue(code, out var name))
            {
                return name;
            }
            var matrices = Tensors.Where(t => t.Dimensions.Count >= 2).ToList();
            if (matrices.Count == 0) return "unknown";
            return matrices.GroupBy(t => t.Type).OrderByDescending(g => g.Sum(t => t.ElementCount)).First().Key.ToString();
        }
    }

    /// <summary>An integer metadata value, or null.</summary>
    public long? GetInteger(string key) => Metadata.GetValueOrDefault(key) switch
    {
        long l => l,
        ulong u => (long)u,
        bool b => b ? 1 : 0,
        _ => null,
    };

    // llama.h, enum llama_ftype.
    private static readonly Dictionary<long, string> FileTypeNames = new()
    {
        [0] = "F32", [1] = "F16", [2] = "Q4_0", [3] = "Q4_1", [7] = "Q8_0", [8] = "Q5_0", [9] = "Q5_1",
        [10] = "Q2_K", [11] = "Q3_K_S", [12] = "Q3_K_M", [13] = "Q3_K_L", [14] = "Q4_K_S", [15] = "Q4_K_M",
        [16] = "Q5_K_S", [17] = "Q5_K_M", [18] = "Q6_K", [19] = "IQ2_XXS", [20] = "IQ2_XS", [21] = "Q2_K_S",
        [22] = "IQ3_XS", [23] = "IQ3_XXS", [24] = "IQ1_S", [25] = "IQ4_NL", [26] = "IQ3_S", [27] = "IQ3_M",
        [28] = "IQ2_S", [29] = "IQ2_M", [30] = "IQ4_XS", [31] = "IQ1_M", [32] = "BF16", [36] = "TQ1_0",
        [37] = "TQ2_0", [38] = "MXFP4_MOE",
    };
}

/// <summary>Reads the header, metadata and tensor directory of GGUF files (versions 2 and 3).</summary>
public static class GgufReader
{
    /// <summary>The magic number "GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>
    /// Reads a file's metadata and tensor directory and checks that all tensor data is present.
    /// Throws <see cref="FileNotFoundException"/> or <see cref="GgufFormatException"/>.
    /// </summary>
    public static GgufFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: '{path}'", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new CheckedReader(stream, path);
        var magic = r.U32("the magic number 'GGUF'");
        if (magic != Magic)
        {
            var seen = Encoding.ASCII.GetString(BitConverter.GetBytes(magic).Select(b => b is >= 32 and < 127 ? b : (byte)'?').ToArray());
            throw new GgufFormatException(path, 0, $"not a GGUF file: expected the magic 'GGUF', found '{seen}'");
        }
        var version = r.U32("the GGUF version");
        if (version is < 2 or > 3) throw new GgufFormatException(path, 4, $"unsupported GGUF version {version} (expected 2 or 3)");
        var tensorCount = r.U64("the tensor count");
        var kvCount = r.U64("the metadata count");
        if (tensorCount > 1_000_000 || kvCount > 1_000_000)
        {
            throw new GgufFormatException(path, 8, $"implausible counts: {tensorCount} tensors, {kvCount} metadata entries");
        }
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            var at = r.Position;
            var key = r.String($"the key of metadata entry {i}");
            var type = (GgufValueType)r.U32($"the type of '{key}'");
            metadata[key] = r.Value(type, key, at);
        }
        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = r.String($"the name of tensor {i}");
            var nDims = r.U32($"the dimension count of '{name}'");
            if (nDims is 0 or > 4) throw new GgufFormatException(path, r.Position - 4, $"tensor '{name}' has {nDims} dimensions (expected 1 to 4)");
            var dims = new long[nDims];
            for (var d = 0; d < nDims; d++) dims[d] = (long)r.U64($"dimension {d} of '{name}'");
            var type = (GgmlType)r.U32($"the type of '{name}'");
            var offset = r.U64($"the data offset of '{name}'");
            tensors.Add(new GgufTensorInfo(name, dims, type, offset));
        }
        var alignment = metadata.GetValueOrDefault("general.alignment") is { } a ? Convert.ToInt64(a) : 32;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new GgufFormatException(path, 0, $"general.alignment is {alignment} (expected a power of two)");
        }
        var dataOffset = (r.Position + alignment - 1) / alignment * alignment;
        var length = stream.Length;
        foreach (var t in tensors)
        {
            var bytes = GgmlTypeSizes.TensorBytes(t.Type, t.Dimensions) ?? 0;
            var end = dataOffset + (long)t.Offset + bytes;
            if (end > length)
            {
                throw new GgufFormatException(path, length,
                    $"truncated: tensor '{t.Name}' needs bytes up to {end}, but the file ends at {length}");
            }
        }
        return new GgufFile(path, version, metadata, tensors, dataOffset, length);
    }

    /// <summary>Checks a file is a complete GGUF file (same errors as <see cref="Read"/>).</summary>
    public static void ValidateFile(string path) => Read(path);

    private sealed class CheckedReader(FileStream stream, string path) : IDisposable
    {
        private readonly BinaryReader _r = new(stream, Encoding.UTF8, leaveOpen: true);

        // Leaves the stream open: its owner (Read) closes it.
        public void Dispose() => _r.Dispose();

        public long Position => stream.Position;

        private void Need(long bytes, string what)
        {
            if (stream.Position + bytes > stream.Length)
            {
                throw new GgufFormatException(path, stream.Position,
                    $"truncated: expected {what} ({bytes} bytes) but the file ends at {stream.Length}");
            }
        }

        public uint U32(string what) { Need(4, what); return _r.ReadUInt32(); }

        public ulong U64(string what) { Need(8, what); return _r.ReadUInt64(); }

        public string String(string what)
        {
            var at = stream.Position;
            var n = U64($"the length of {what}");
            if (n > int.MaxValue) throw new GgufFormatException(path, at, $"implausible length {n} of {what}");
            Need((long)n, what);
            return Encoding.UTF8.GetString(_r.ReadBytes((int)n));
        }

        public object Value(GgufValueType type, string key, long at)
        {
            var what = $"the value of '{key}'";
            switch (type)
            {
                case GgufValueType.UInt8: Need(1, what); return (ulong)_r.ReadByte();
                case GgufValueType.Int8: Need(1, what); return (long)_r.ReadSByte();
                case GgufValueType.UInt16: Need(2, what); return (ulong)_r.ReadUInt16();
                case GgufValueType.Int16: Need(2, what); return (long)_r.ReadInt16();
                case GgufValueType.UInt32: Need(4, what); return (ulong)_r.ReadUInt32();
                case GgufValueType.Int32: Need(4, what); return (long)_r.ReadInt32();
                case GgufValueType.UInt64: Need(8, what); return _r.ReadUInt64();
                case GgufValueType.Int64: Need(8, what); return _r.ReadInt64();
                case GgufValueType.Float32: Need(4, what); return (double)_r.ReadSingle();
                case GgufValueType.Float64: Need(8, what); return _r.ReadDouble();
                case GgufValueType.Bool: Need(1, what); return _r.ReadByte() != 0;
                case GgufValueType.String: return String(what);
                case GgufValueType.Array:
                {
                    var elementType = (GgufValueType)U32($"the element type of '{key}'");
                    if (elementType == GgufValueType.Array) throw new GgufFormatException(path, at, $"'{key}' is an array of arrays");
                    var count = U64($"the element count of '{key}'");
                    if (count > 100_000_000) throw new GgufFormatException(path, at, $"implausible element count {count} of '{key}'");
                    var items = new object[count];
                    for (ulong i = 0; i < count; i++) items[i] = Value(elementType, key, at);
                    return items;
                }
                default:
                    throw new GgufFormatException(path, at, $"unknown value type {(uint)type} for '{key}' (expected 0 to 12)");
            }
        }
    }
}
