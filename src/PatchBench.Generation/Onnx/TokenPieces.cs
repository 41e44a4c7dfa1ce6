using System.Text;
using System.Text.Json;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// The raw bytes each token of a GenAI folder prints as, read from the folder's own <c>tokenizer.json</c>: a byte-level
/// BPE piece maps back through GPT-2's byte alphabet, a SentencePiece piece prints with "▁" as a space and
/// <c>&lt;0xNN&gt;</c> as byte NN, a special added token prints nothing, another added token its text. These are the bytes
/// llama.cpp's <c>token_to_piece</c> prints for the same vocabulary.
/// </summary>
/// <remarks>
/// GenAI's own decoding loses text around invalid UTF-8, which a small or untrained model emits often: its
/// <c>TokenizerStream</c> drops a lone lead byte together with the character after it, and <c>Tokenizer.Decode</c> of a
/// whole sequence stops at the first invalid byte (64 tokens of the tiny model decoded to two characters). Both backends
/// feed these bytes to the same UTF-8 reassembly instead, so the same tokens give the same text.
/// </remarks>
public sealed class TokenPieces
{
    private readonly byte[][] _bytes;

    private TokenPieces(byte[][] bytes) => _bytes = bytes;

    /// <summary>How many token ids the table covers.</summary>
    public int Count => _bytes.Length;

    /// <summary>The bytes of <paramref name="token"/> (empty for special tokens and ids outside the vocabulary).</summary>
    public ReadOnlySpan<byte> this[int token] => token >= 0 && token < _bytes.Length ? _bytes[token] : [];

    /// <summary>Reads the table from a tokenizer.json file.</summary>
    /// <exception cref="OnnxModelFolderException">The file is not JSON or has no <c>model.vocab</c> object.</exception>
    public static TokenPieces Read(string tokenizerJsonPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
            return From(doc.RootElement, tokenizerJsonPath);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new OnnxModelFolderException($"{tokenizerJsonPath}{where}: not valid JSON: {e.Message}", e);
        }
    }

    private static TokenPieces From(JsonElement root, string path)
    {
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new OnnxModelFolderException($"{path}: missing object 'model.vocab' (GenAI reads a Hugging Face tokenizer.json with a BPE model)");
        var byteLevel = UsesByteLevel(root);
        var pieces = new Dictionary<int, byte[]>();
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.TryGetInt32(out var id)) pieces[id] = byteLevel ? ByteLevelBytes(entry.Name) : SentencePieceBytes(entry.Name);
        }
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (!token.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out var id)) continue;
                var special = token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True;
                var content = token.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
                pieces[id] = special ? [] : Encoding.UTF8.GetBytes(content);
            }
        }
        var table = new byte[pieces.Count == 0 ? 0 : pieces.Keys.Max() + 1][];
        for (var i = 0; i < table.Length; i++) table[i] = pieces.GetValueOrDefault(i) ?? [];
        return new TokenPieces(table);
    }

    private static bool UsesByteLevel(JsonElement root)
    {
        static bool IsByteLevel(JsonElement e) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && (t.GetString() == "ByteLevel"
            || t.GetString() == "Sequence" && e.TryGetProperty("decoders", out var list) && list.EnumerateArray().Any(IsByteLevel));
        return root.TryGetProperty("decoder", out var decoder) && IsByteLevel(decoder);
    }

    private static byte[] ByteLevelBytes(string piece)
    {
        var bytes = new byte[piece.Length];
        for (var i = 0; i < piece.Length; i++)
        {
            // A character outside the byte alphabet is not a byte-level piece; print it as its own UTF-8.
            if (!Gpt2ByteAlphabet.TryGetByte(piece[i], out bytes[i])) return Encoding.UTF8.GetBytes(piece);
        }
        return bytes;
    }

    private static byte[] SentencePieceBytes(string piece)
    {
        if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            return [b];
        return Encoding.UTF8.GetBytes(piece.Replace('▁', ' '));
    }
}
