namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// GPT-2's reversible byte-to-character table: printable Latin-1 bytes stand for themselves, the
/// other 68 bytes map to U+0100 onwards, so every byte string is a string of visible characters.
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Character for each byte.</summary>
    public static readonly char[] ByteToChar = BuildTable();

    /// <summary>Byte for each character of the table (-1 elsewhere), indexed by char up to U+0143.</summary>
    public static readonly short[] CharToByte = BuildReverse();

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    private static short[] BuildReverse()
    {
        var reverse = new short[0x144];
        Array.Fill(reverse, (short)-1);
        for (var b = 0; b < 256; b++) reverse[ByteToChar[b]] = (short)b;
        return reverse;
    }

    /// <summary>The byte-level string of a piece of text (its UTF-8 bytes as table characters).</summary>
    public static string Encode(ReadOnlySpan<char> text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            // ASCII (nearly all of a Pd patch): one byte per char, no UTF-8 round trip.
            Span<char> chars = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
            for (var i = 0; i < text.Length; i++) chars[i] = ByteToChar[text[i]];
            return new string(chars);
        }
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var n = System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return string.Create(n, bytes[..n].ToArray(), static (dest, src) =>
        {
            for (var i = 0; i < src.Length; i++) dest[i] = ByteToChar[src[i]];
        });
    }

    /// <summary>The bytes a byte-level string stands for; characters outside the table count as their own UTF-8.</summary>
    public static void Decode(string text, List<byte> output)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var r in text.EnumerateRunes())
        {
            if (r.Value < CharToByte.Length && CharToByte[r.Value] >= 0) output.Add((byte)CharToByte[r.Value]);
            else
            {
                var n = r.EncodeToUtf8(utf8);
                for (var i = 0; i < n; i++) output.Add(utf8[i]);
            }
        }
    }
}
