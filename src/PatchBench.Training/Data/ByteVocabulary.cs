using System.Text;

namespace PatchBench.Training.Data;

/// <summary>
/// The family's vocabulary, a SentencePiece ("llama") vocabulary with nothing but byte fallback: <c>&lt;unk&gt;</c>,
/// <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, the 256 byte tokens <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c> and <c>▁</c> (the space).
/// With no multi-character piece there is no merge to disagree about, so llama.cpp's SPM tokenizer, a tokenizer.json
/// with byte fallback and <see cref="Encode"/> give the same ids by construction: a space (and the prefix llama.cpp
/// puts before the text) is ▁, every other character is its UTF-8 bytes.
/// </summary>
public static class ByteVocabulary
{
    /// <summary>Token ids of the control pieces.</summary>
    public const int Unknown = 0, Bos = 1, Eos = 2;

    /// <summary>Id of the first byte token (&lt;0x00&gt;).</summary>
    public const int FirstByte = 3;

    /// <summary>Id of ▁, the space piece.</summary>
    public const int Space = FirstByte + 256;

    /// <summary>Vocabulary size.</summary>
    public const int Size = Space + 1;

    /// <summary>The space piece, U+2581.</summary>
    public const string SpacePiece = "\u2581";

    /// <summary>llama.h's llama_token_type values written to tokenizer.ggml.token_type.</summary>
    public const int NormalType = 1, UnknownType = 2, ControlType = 3, ByteType = 6;

    /// <summary>The pieces, scores and token types, in id order.</summary>
    public static IReadOnlyList<(string Piece, float Score, int Type)> Pieces()
    {
        var pieces = new List<(string, float, int)> { ("<unk>", 0f, UnknownType), ("<s>", 0f, ControlType), ("</s>", 0f, ControlType) };
        for (var b = 0; b < 256; b++) pieces.Add(($"<0x{b:X2}>", 0f, ByteType));
        pieces.Add((SpacePiece, -1f, NormalType));
        return pieces;
    }

    /// <summary>
    /// The ids llama.cpp gives <paramref name="text"/> without BOS: with <paramref name="spacePrefix"/> (llama.cpp's
    /// add_space_prefix, on for a llama vocabulary) a ▁ first, then ▁ for each space and byte tokens for the rest.
    /// </summary>
    public static int[] Encode(string text, bool spacePrefix = true)
    {
        var ids = new List<int>(text.Length + 1);
        if (spacePrefix) ids.Add(Space);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\u2581') { ids.Add(Space); continue; }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length]) ids.Add(FirstByte + b);
        }
        return [.. ids];
    }

    /// <summary>The text of generated ids (control tokens dropped), as llama.cpp's token_to_piece would print it.</summary>
    public static string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id == Space) bytes.Add((byte)' ');
            else if (id is >= FirstByte and < Space) bytes.Add((byte)(id - FirstByte));
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
