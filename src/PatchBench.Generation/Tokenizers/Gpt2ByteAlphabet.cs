namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// GPT-2's <c>bytes_to_unicode</c>, the alphabet byte-level BPE vocabularies spell their pieces in: printable Latin-1
/// bytes stand for themselves, the other bytes for U+0100 onwards in byte order (so the space byte is "Ġ").
/// </summary>
public static class Gpt2ByteAlphabet
{
    /// <summary>The character that stands for each byte, indexed by byte.</summary>
    public static IReadOnlyList<char> Characters { get; } = Build();

    private static readonly Dictionary<char, byte> ByteOf = Characters.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    /// <summary>The byte <paramref name="c"/> stands for; false when it is not in the alphabet.</summary>
    public static bool TryGetByte(char c, out byte b) => ByteOf.TryGetValue(c, out b);

    private static char[] Build()
    {
        var chars = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            chars[b] = printable ? (char)b : (char)next++;
        }
        return chars;
    }
}
