using System.Text;
using System.Text.Json;
using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// Writes the vocabulary of <see cref="TinyLlamaModelBuilder"/>'s GGUF model as a Llama-2-style
/// tokenizer.json (SentencePiece-style BPE with byte fallback), so that <see cref="TokenizerJson"/> on it
/// gives the ids llama.cpp's SentencePiece tokenizer gives on the GGUF.
/// </summary>
/// <remarks>
/// llama.cpp's SPM tokenizer is score-based: starting from characters, it repeatedly merges the adjacent
/// pair whose concatenation is a vocabulary piece with the highest score (leftmost on equal scores).
/// Hugging Face's BPE merges listed pairs by rank instead. Listing, for every piece, each split into two
/// pieces, ranked by the piece's score (highest first), makes the two agree provided (1) no two pieces
/// that merges can form share a score, since a rank cannot express "leftmost wins" between two different
/// pairs, and (2) every character of such a piece is itself a piece, since llama.cpp may merge characters
/// that are not in the vocabulary while Hugging Face turns them into byte tokens first. The writer checks
/// both and refuses a vocabulary that breaks them.
/// </remarks>
public static class TinyTokenizerJsonWriter
{
    // llama.h's llama_token_type values, as TinyLlamaModelBuilder writes them.
    private const int Normal = 1, Unknown = 2, Control = 3;

    /// <summary>Writes the tokenizer.json of the model <paramref name="config"/> describes to <paramref name="path"/>.</summary>
    public static void Write(string path, TinyLlamaConfig config) => File.WriteAllBytes(path, ToJson(config));

    /// <summary>The tokenizer.json bytes (UTF-8).</summary>
    public static byte[] ToJson(TinyLlamaConfig config)
    {
        var vocab = TinyLlamaModelBuilder.Vocabulary(config);
        var merges = Merges(vocab);
        var ids = vocab.Select((v, i) => (v.Piece, Id: i)).ToDictionary(v => v.Piece, v => v.Id);
        var bos = ids["<s>"];

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");

            // Control and unknown pieces are the ones llama.cpp recognizes in text (parse_special).
            w.WriteStartArray("added_tokens");
            for (var i = 0; i < vocab.Count; i++)
            {
                if (vocab[i].Type is not (Control or Unknown)) continue;
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("content", vocab[i].Piece);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            // llama.cpp puts "▁" in front of each run of text (at the start and after each special token)
            // and turns spaces into "▁"; Prepend + Replace, applied per run between added tokens, does the same.
            w.WriteStartObject("normalizer");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("normalizers");
            w.WriteStartObject();
            w.WriteString("type", "Prepend");
            w.WriteString("prepend", "▁");
            w.WriteEndObject();
            WriteReplace(w, " ", "▁");
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteNull("pre_tokenizer");

            w.WriteStartObject("post_processor");
            w.WriteString("type", "TemplateProcessing");
            w.WriteStartArray("single");
            WriteTemplateItem(w, "SpecialToken", "<s>");
            WriteTemplateItem(w, "Sequence", "A");
            w.WriteEndArray();
            w.WriteStartArray("pair");
            WriteTemplateItem(w, "SpecialToken", "<s>");
            WriteTemplateItem(w, "Sequence", "A");
            WriteTemplateItem(w, "SpecialToken", "<s>");
            WriteTemplateItem(w, "Sequence", "B");
            w.WriteEndArray();
            w.WriteStartObject("special_tokens");
            w.WriteStartObject("<s>");
            w.WriteString("id", "<s>");
            w.WriteStartArray("ids");
            w.WriteNumberValue(bos);
            w.WriteEndArray();
            w.WriteStartArray("tokens");
            w.WriteStringValue("<s>");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("decoder");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("decoders");
            WriteReplace(w, "▁", " ");
            w.WriteStartObject();
            w.WriteString("type", "ByteFallback");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "Fuse");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "Strip");
            w.WriteString("content", " ");
            w.WriteNumber("start", 1);
            w.WriteNumber("stop", 0);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteString("unk_token", vocab.First(v => v.Type == Unknown).Piece);
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", true);
            w.WriteBoolean("byte_fallback", true);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (var i = 0; i < vocab.Count; i++) w.WriteNumber(vocab[i].Piece, i);
            w.WriteEndObject();
            w.WriteStartArray("merges");
            foreach (var (a, b) in merges)
            {
                w.WriteStartArray();
                w.WriteStringValue(a);
                w.WriteStringValue(b);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Every split of a normal piece into two normal pieces, ranked by the piece's score, highest first.
    /// Throws when the vocabulary breaks the conditions under which this reproduces llama.cpp (see remarks).
    /// </summary>
    public static IReadOnlyList<(string A, string B)> Merges(IReadOnlyList<(string Piece, float Score, int Type)> vocab)
    {
        var normal = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var v in vocab)
        {
            if (v.Type == Normal) normal.TryAdd(v.Piece, v.Score);
        }

        var formed = new List<(string Piece, float Score, List<(string, string)> Splits)>();
        foreach (var (piece, score) in normal)
        {
            var splits = new List<(string, string)>();
            var runes = piece.EnumerateRunes().Select(r => r.ToString()).ToArray();
            for (var k = 1; k < runes.Length; k++)
            {
                var a = string.Concat(runes[..k]);
                var b = string.Concat(runes[k..]);
                if (normal.ContainsKey(a) && normal.ContainsKey(b)) splits.Add((a, b));
            }
            if (splits.Count > 0) formed.Add((piece, score, splits));
            else if (runes.Length > 1 && ReachableByLlamaCpp(piece, normal))
            {
                throw new InvalidOperationException(
                    $"piece '{piece}' can be formed by llama.cpp from characters that are not pieces, but not by BPE merges; add its characters to the vocabulary");
            }
        }

        var ordered = formed.OrderByDescending(f => f.Score).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Score == ordered[i - 1].Score)
            {
                throw new InvalidOperationException(
                    $"pieces '{ordered[i - 1].Piece}' and '{ordered[i].Piece}' have the same score {ordered[i].Score}; llama.cpp breaks such ties by position, which merge ranks cannot express");
            }
        }
        return ordered.SelectMany(f => f.Splits).ToList();
    }

    /// <summary>Whether llama.cpp's SPM could form <paramref name="piece"/>: split into two parts, each a single
    /// character (in the vocabulary or not) or itself a piece it could form.</summary>
    private static bool ReachableByLlamaCpp(string piece, Dictionary<string, float> normal)
    {
        var memo = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Reach(string s)
        {
            if (s.EnumerateRunes().Count() == 1) return true;
            if (!normal.ContainsKey(s)) return false;
            if (memo.TryGetValue(s, out var known)) return known;
            memo[s] = false;
            var runes = s.EnumerateRunes().Select(r => r.ToString()).ToArray();
            var result = false;
            for (var k = 1; k < runes.Length && !result; k++) result = Reach(string.Concat(runes[..k])) && Reach(string.Concat(runes[k..]));
            return memo[s] = result;
        }
        return Reach(piece);
    }

    private static void WriteReplace(Utf8JsonWriter w, string pattern, string content)
    {
        w.WriteStartObject();
        w.WriteString("type", "Replace");
        w.WriteStartObject("pattern");
        w.WriteString("String", pattern);
        w.WriteEndObject();
        w.WriteString("content", content);
        w.WriteEndObject();
    }

    private static void WriteTemplateItem(Utf8JsonWriter w, string kind, string id)
    {
        w.WriteStartObject();
        w.WriteStartObject(kind);
        w.WriteString("id", id);
        w.WriteNumber("type_id", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
