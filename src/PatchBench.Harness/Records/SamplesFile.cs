using System.Text.Json;

namespace PatchBench.Harness.Records;

/// <summary>
/// Reading <c>samples.jsonl</c>. A process killed mid-write leaves at most one bad line, the last; that is reported
/// (so the sample is redone) and cut off before appending. A bad line anywhere else means the file was damaged
/// some other way and is an error naming file and line.
/// </summary>
public static class SamplesFile
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "samples.jsonl";

    /// <summary>Reads every record; see <see cref="SamplesContent"/> for what a damaged tail looks like.</summary>
    /// <exception cref="Runs.HarnessInputException">A line other than the last is not a valid record.</exception>
    public static SamplesContent Read(string path)
    {
        if (!File.Exists(path)) return new SamplesContent([], null, 0);
        var bytes = File.ReadAllBytes(path);
        var records = new List<SampleRecord>();
        var start = 0;
        var line = 0;
        while (start < bytes.Length)
        {
            line++;
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            var isLast = newline < 0 || newline == bytes.Length - 1;
            var span = bytes.AsSpan(start, end - start);
            if (span.Trim(" \t\r"u8).Length > 0)
            {
                var record = TryParse(span, out var problem);
                if (record is null)
                {
                    if (isLast) return new SamplesContent(records, new DamagedTail(line, start, problem), start);
                    throw new Runs.HarnessInputException($"{path}:{line}: not a valid sample record ({problem}); only the last line may be damaged by a " +
                        $"crash, so this file was changed by something else");
                }
                records.Add(record);
            }
            start = newline < 0 ? bytes.Length : newline + 1;
        }
        return new SamplesContent(records, null, bytes.Length);
    }

    /// <summary>The last record per (item, sample): <c>patchbench score</c> appends scored copies of generated records.</summary>
    public static IReadOnlyList<SampleRecord> Latest(IEnumerable<SampleRecord> records)
    {
        var byKey = new Dictionary<(string, int), SampleRecord>();
        var order = new List<(string, int)>();
        foreach (var r in records)
        {
            var key = (r.ItemId, r.SampleIndex);
            if (!byKey.ContainsKey(key)) order.Add(key);
            byKey[key] = r;
        }
        return order.Select(k => byKey[k]).ToList();
    }

    /// <summary>Cuts a damaged last line off so appending continues from the last good record.</summary>
    public static void CutDamagedTail(string path, SamplesContent content)
    {
        if (content.DamagedTail is null) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(content.GoodLength);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Rewrites the file with exactly <paramref name="records"/>, atomically (temporary file, fsync, rename).</summary>
    public static void Rewrite(string path, IEnumerable<SampleRecord> records)
    {
        var temp = path + ".tmp";
        using (var writer = new SamplesWriter(temp, truncate: true))
        {
            foreach (var r in records) writer.Append(r, flushToDisk: false);
            writer.FlushToDisk();
        }
        File.Move(temp, path, overwrite: true);
    }

    private static SampleRecord? TryParse(ReadOnlySpan<byte> line, out string problem)
    {
        try
        {
            var record = JsonSerializer.Deserialize(line, HarnessJsonContext.Default.SampleRecord);
            if (record is null || record.ItemId is null) { problem = "no item_id"; return null; }
            problem = "";
            return record;
        }
        catch (JsonException ex)
        {
            problem = ex.Message.Split('\n')[0];
            return null;
        }
    }
}

/// <summary>The readable records of a samples file and, when the last line was damaged, where.</summary>
/// <param name="Records">Every good record in file order (duplicates possible, see <see cref="SamplesFile.Latest"/>).</param>
/// <param name="DamagedTail">The damaged last line, or null.</param>
/// <param name="GoodLength">Byte length of the good part of the file.</param>
public sealed record SamplesContent(IReadOnlyList<SampleRecord> Records, DamagedTail? DamagedTail, long GoodLength);

/// <summary>A damaged (truncated or corrupt) last line of a samples file.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Offset">Byte offset where it starts.</param>
/// <param name="Problem">What the JSON reader said.</param>
public sealed record DamagedTail(int Line, long Offset, string Problem);

/// <summary>Appends records to <c>samples.jsonl</c>, one line each, flushed to disk (fsync) per record.</summary>
public sealed class SamplesWriter : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Opens <paramref name="path"/> for appending (or truncates it).</summary>
    public SamplesWriter(string path, bool truncate = false)
    {
        _stream = new FileStream(path, truncate ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        // A crash after the JSON but before its newline leaves a good last line without one; never glue the next record to it.
        if (!truncate && _stream.Length > 0 && LastByte(path) != (byte)'\n') _stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes one record as one line; with <paramref name="flushToDisk"/>, returns only once it is on disk.</summary>
    public void Append(SampleRecord record, bool flushToDisk = true)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, HarnessJsonContext.Default.SampleRecord);
        // One write call for record and newline, so a kill leaves either nothing or a prefix of this line.
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        _stream.Write(line);
        if (flushToDisk) _stream.Flush(flushToDisk: true);
        else _stream.Flush();
    }

    /// <summary>fsync.</summary>
    public void FlushToDisk() => _stream.Flush(flushToDisk: true);

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static byte LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return (byte)read.ReadByte();
    }
}
