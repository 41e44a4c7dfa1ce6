using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.Tokenizers;

/// <summary>A GGUF's vocabulary as llama.cpp reads it (tokenizer.ggml.*), and the chat template it carries.</summary>
/// <param name="Model">tokenizer.ggml.model: "llama" (SentencePiece) or "gpt2" (byte-level BPE).</param>
/// <param name="Tokens">Pieces by id.</param>
/// <param name="Scores">SentencePiece scores by id (empty for BPE).</param>
/// <param name="Types">llama_token_type by id (1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte).</param>
/// <param name="Merges">BPE merges, "a b", by rank (empty for SentencePiece).</param>
/// <param name="Bos">Beginning-of-sequence id.</param>
/// <param name="Eos">End-of-sequence id.</param>
/// <param name="Unknown">Unknown-piece id.</param>
/// <param name="AddBos">Whether llama.cpp puts BOS in front of a tokenized text.</param>
/// <param name="AddEos">Whether llama.cpp puts EOS after it.</param>
/// <param name="ChatTemplate">tokenizer.chat_template.</param>
/// <param name="PreTokenizer">tokenizer.ggml.pre: how llama.cpp splits text before BPE ("gpt-2"; null for SentencePiece).</param>
/// <param name="EndOfGeneration">Every token that ends generation under llama.cpp: EOS, the EOT and EOM ids the file names, and
/// the control tokens llama.cpp recognizes by their text (see <see cref="EndOfTurnPieces"/>).</param>
public sealed record GgufVocabulary(string Model, IReadOnlyList<string> Tokens, IReadOnlyList<float> Scores, IReadOnlyList<int> Types,
    IReadOnlyList<string> Merges, int? Bos, int? Eos, int? Unknown, bool AddBos, bool AddEos, string? ChatTemplate, string? PreTokenizer = null,
    IReadOnlyList<int>? EndOfGeneration = null)
{
    /// <summary>
    /// Pieces llama.cpp (llama-vocab.cpp, load) treats as end of generation whatever the metadata says; the ones every
    /// llama.cpp since 2024 lists, so that LLamaSharp's bundled build and a newer one stop at the same tokens.
    /// </summary>
    public static readonly IReadOnlyList<string> EndOfTurnPieces =
        ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>"];

    /// <summary>Reads the vocabulary from <paramref name="file"/>'s metadata, with llama.cpp's defaults for what is absent.</summary>
    public static GgufVocabulary From(GgufFile file)
    {
        var model = file.Metadata.GetValueOrDefault("tokenizer.ggml.model") as string
            ?? throw new InvalidDataException($"{file.Path}: metadata 'tokenizer.ggml.model' is missing (no vocabulary to export)");
        if (model is not ("llama" or "gpt2"))
            throw new NotSupportedException($"{file.Path}: tokenizer.ggml.model is '{model}'; the exporter writes SentencePiece ('llama') and BPE ('gpt2') " +
                $"vocabularies");
        object[] Array(string key) => file.Metadata.GetValueOrDefault(key) as object[] ?? [];
        var tokens = Array("tokenizer.ggml.tokens").Select(t => (string)t).ToList();
        if (tokens.Count == 0) throw new InvalidDataException($"{file.Path}: metadata 'tokenizer.ggml.tokens' is missing or empty");
        var types = Array("tokenizer.ggml.token_type").Select(t => Convert.ToInt32(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (types.Count == 0) types = [.. Enumerable.Repeat(Normal, tokens.Count)];
        var scores = Array("tokenizer.ggml.scores").Select(t => Convert.ToSingle(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (model == "llama" && scores.Count != tokens.Count)
            throw new InvalidDataException($"{file.Path}: tokenizer.ggml.scores has {scores.Count} entries for {tokens.Count} tokens");
        var merges = Array("tokenizer.ggml.merges").Select(t => (string)t).ToList();
        if (model == "gpt2" && merges.Count == 0) throw new InvalidDataException($"{file.Path}: a 'gpt2' vocabulary needs tokenizer.ggml.merges");
        var pre = file.Metadata.GetValueOrDefault("tokenizer.ggml.pre") as string;
        // Each llama.cpp pre-tokenizer is its own split regex; the tokenizer.json written here carries GPT-2's, so any
        // other one would give different ids from the same text. llama.cpp reads a missing name as "default", not GPT-2's.
        if (model == "gpt2" && pre != "gpt-2")
            throw new NotSupportedException($"{file.Path}: tokenizer.ggml.pre is {(pre == null ? "missing" : $"'{pre}'")}; the exporter writes BPE " +
                $"vocabularies " +
                "with GPT-2's pre-tokenizer only ('gpt-2'), the one it can reproduce for GenAI");
        int? Id(string key) => file.GetInteger(key) is { } v ? (int)v : null;
        bool Flag(string key, bool fallback) => file.Metadata.GetValueOrDefault(key) is bool b ? b : fallback;
        var eos = Id("tokenizer.ggml.eos_token_id") ?? (model == "llama" ? 2 : null);
        var endOfGeneration = new[] { eos, Id("tokenizer.ggml.eot_token_id"), Id("tokenizer.ggml.eom_token_id") }
            .OfType<int>()
            .Concat(tokens.Select((t, i) => (t, i)).Where(x => EndOfTurnPieces.Contains(x.t)).Select(x => x.i))
            .Where(i => i >= 0 && i < tokens.Count).Distinct().ToList();
        // llama.cpp's defaults (llama-vocab.cpp): SPM adds BOS, BPE does not, unless the file says otherwise.
        return new GgufVocabulary(model, tokens, scores, types, merges,
            Id("tokenizer.ggml.bos_token_id") ?? (model == "llama" ? 1 : null),
            eos,
            Id("tokenizer.ggml.unknown_token_id") ?? (model == "llama" ? 0 : null),
            Flag("tokenizer.ggml.add_bos_token", model == "llama"),
            Flag("tokenizer.ggml.add_eos_token", false),
            file.Metadata.GetValueOrDefault("tokenizer.chat_template") as string,
            model == "gpt2" ? pre : null,
            endOfGeneration);
    }

    internal const int Normal = 1, UnknownType = 2, Control = 3, UserDefined = 4, Byte = 6;
}

/// <summary>
/// Writes a GGUF vocabulary as the tokenizer files ONNX Runtime GenAI reads (tokenizer.json and tokenizer_config.json), so
/// that GenAI's tokenizer gives, from the same text, the ids llama.cpp gives on the GGUF.
/// </summary>
/// <remarks>
/// SentencePiece: llama.cpp's SPM tokenizer is score-based: starting from characters, it repeatedly merges the adjacent
/// pair whose concatenation is a vocabulary piece with the highest score (leftmost on equal scores). Hugging Face's BPE
/// merges listed pairs by rank instead. Listing, for every piece, each split into two pieces, ranked by the piece's score
/// (highest first), makes the two agree provided (1) no two pieces that merges can form share a score, since a rank
/// cannot express "leftmost wins" between two different pairs, and (2) every character of such a piece is itself a
/// piece, since llama.cpp may merge characters that are not in the vocabulary while BPE turns them into byte tokens
/// first. The writer checks both and refuses a vocabulary that breaks them. GenAI picks its rules from
/// tokenizer_config.json's class: with "LlamaTokenizer" it splits pieces such as "▁osc~" before BPE, with
/// "GemmaTokenizer" it does not (found by trial; the tokenizer tests check ids on every core prompt).
/// BPE ("gpt2"): the GGUF's merges and byte-level pieces are the tokenizer.json's as they are; the pre-tokenizer is
/// GPT-2's split pattern, llama.cpp's "gpt-2" pre-tokenizer (its "default" one splits punctuation runs first).
/// </remarks>
public static class TokenizerFilesWriter
{
    private const int Normal = GgufVocabulary.Normal, Unknown = GgufVocabulary.UnknownType, Control = GgufVocabulary.Control;

    /// <summary>Writes tokenizer.json and tokenizer_config.json for <paramref name="vocab"/> into <paramref name="folder"/>.</summary>
    public static void Write(string folder, GgufVocabulary vocab, int contextLength)
    {
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.json"), TokenizerJson(vocab));
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), TokenizerConfig(vocab, contextLength));
    }

    /// <summary>tokenizer_config.json: the class whose rules match llama.cpp's, the special tokens and whether BOS is added.</summary>
    public static string TokenizerConfig(GgufVocabulary vocab, int contextLength)
    {
        string? Piece(int? id) => id is { } i && i >= 0 && i < vocab.Tokens.Count ? vocab.Tokens[i] : null;
        var config = new JsonObject
        {
            ["tokenizer_class"] = vocab.Model == "llama" ? "GemmaTokenizer" : "GPT2Tokenizer",
            ["add_bos_token"] = vocab.AddBos,
            ["add_eos_token"] = vocab.AddEos,
            ["bos_token"] = Piece(vocab.Bos),
            ["eos_token"] = Piece(vocab.Eos),
            ["unk_token"] = Piece(vocab.Unknown),
            ["model_max_length"] = contextLength,
            ["clean_up_tokenization_spaces"] = false,
        };
        if (vocab.ChatTemplate != null) config["chat_template"] = vocab.ChatTemplate;
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The tokenizer.json bytes (UTF-8).</summary>
    public static byte[] TokenizerJson(GgufVocabulary vocab)
    {
        var spm = vocab.Model == "llama";
        var entries = vocab.Tokens.Select((t, i) => (Piece: t, Score: spm ? vocab.Scores[i] : 0f, Type: vocab.Types[i])).ToList();
        IReadOnlyList<(string A, string B)> merges = spm ? Merges(entries) : [.. vocab.Merges.Select(SplitMerge)];
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");

            // Control and unknown pieces (and user-defined ones) are the ones llama.cpp recognizes in text (parse_special).
            w.WriteStartArray("added_tokens");
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Type is not (Control or Unknown or GgufVocabulary.UserDefined)) continue;
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("content", entries[i].Piece);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", entries[i].Type != GgufVocabulary.UserDefined);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (spm) WriteSentencePieceRules(w);
            else WriteByteLevelRules(w);
            WritePostProcessor(w, vocab);

            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            if (spm && vocab.Unknown is { } unk) w.WriteString("unk_token", entries[unk].Piece);
            else w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", spm);
            w.WriteBoolean("byte_fallback", spm);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++) if (seen.Add(entries[i].Piece)) w.WriteNumber(entries[i].Piece, i);
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

    private static (string, string) SplitMerge(string merge)
    {
        var space = merge.IndexOf(' ', 1);
        if (space < 0) throw new InvalidDataException($"tokenizer.ggml.merges entry '{merge}' is not two pieces separated by a space");
        return (merge[..space], merge[(space + 1)..]);
    }

    private static void WriteSentencePieceRules(Utf8JsonWriter w)
    {
        // llama.cpp puts "▁" in front of each run of text (at the start and after each special token) and turns spaces
        // into "▁"; Prepend + Replace, applied per run between added tokens, does the same.
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
    }

    private static void WriteByteLevelRules(Utf8JsonWriter w)
    {
        w.WriteNull("normalizer");
        void ByteLevel(string property)
        {
            w.WriteStartObject(property);
            w.WriteString("type", "ByteLevel");
            w.WriteBoolean("add_prefix_space", false);
            w.WriteBoolean("trim_offsets", true);
            w.WriteBoolean("use_regex", true);
            w.WriteEndObject();
        }
        ByteLevel("pre_tokenizer");
        ByteLevel("decoder");
    }

    private static void WritePostProcessor(Utf8JsonWriter w, GgufVocabulary vocab)
    {
        if (!vocab.AddBos || vocab.Bos is not { } bos)
        {
            w.WriteNull("post_processor");
            return;
        }
        var piece = vocab.Tokens[bos];
        w.WriteStartObject("post_processor");
        w.WriteString("type", "TemplateProcessing");
        w.WriteStartArray("single");
        WriteTemplateItem(w, "SpecialToken", piece);
        WriteTemplateItem(w, "Sequence", "A");
        w.WriteEndArray();
        w.WriteStartArray("pair");
        WriteTemplateItem(w, "SpecialToken", piece);
        WriteTemplateItem(w, "Sequence", "A");
        WriteTemplateItem(w, "SpecialToken", piece);
        WriteTemplateItem(w, "Sequence", "B");
        w.WriteEndArray();
        w.WriteStartObject("special_tokens");
        w.WriteStartObject(piece);
        w.WriteString("id", piece);
        w.WriteStartArray("ids");
        w.WriteNumberValue(bos);
        w.WriteEndArray();
        w.WriteStartArray("tokens");
        w.WriteStringValue(piece);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
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
                    $"piece '{piece}' can be formed by llama.cpp from characters that are not pieces, but not by BPE merges; add its characters to the " +
                        $"vocabulary");
            }
        }

        var ordered = formed.OrderByDescending(f => f.Score).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Score == ordered[i - 1].Score)
            {
                throw new InvalidOperationException(
                    $"pieces '{ordered[i - 1].Piece}' and '{ordered[i].Piece}' have the same score {ordered[i].Score}; llama.cpp breaks such ties by " +
                        $"position, which merge ranks cannot express");
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
