namespace PatchBench.Pd.Syntax;

/// <summary>Groups atoms into records ending at unescaped semicolons. Never throws.</summary>
public static class PdRecordReader
{
    // The atoms of the record being read go into a per-thread buffer; each record then gets one exact-size array.
    [ThreadStatic] private static PdAtom[]? _buffer;

    /// <summary>Reads every record in <paramref name="text"/>.</summary>
    public static List<PdRecord> Read(string text)
    {
        var tokenizer = new PdTokenizer(text);
        // Pd files average about 40 characters per record; sizing the list up front avoids regrowing it.
        var records = new List<PdRecord>(text.Length / 40 + 4);
        var buffer = _buffer ?? new PdAtom[256];
        _buffer = null; // a reentrant call (none today) would get its own buffer
        int count = 0, used = 0;
        while (true)
        {
            if (count == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            ref PdAtom slot = ref buffer[count];
            if (!tokenizer.Next(out slot)) break;
            if (slot.Kind != PdAtomKind.Semicolon) { count++; continue; }
            if (count > 0) records.Add(Make(buffer, count, true));
            used = Math.Max(used, count);
            count = 0;
        }
        if (count > 0) records.Add(Make(buffer, count, false));
        Array.Clear(buffer, 0, Math.Min(buffer.Length, Math.Max(used, count) + 1)); // drop string references held past the call
        _buffer = buffer.Length <= 1 << 16 ? buffer : null;
        return records;
    }

    private static PdRecord Make(PdAtom[] buffer, int count, bool terminated) =>
        new(buffer.AsSpan(0, count).ToArray(), buffer[0].Line, buffer[0].Column, terminated);
}
