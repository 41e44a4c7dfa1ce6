using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> (or <c>tokenizer.json.gz</c>) into an <see cref="ITextTokenizer"/>.
/// Supported: model BPE (vocab; merges as "a b" strings or [a, b] pairs; unk_token, fuse_unk,
/// byte_fallback, ignore_merges, continuing_subword_prefix, end_of_word_suffix); added_tokens with
/// single_word, lstrip, rstrip, normalized and special; normalizers Sequence, Prepend, Replace, NFC, NFD,
/// NFKC, NFKD, Lowercase, Strip; pre-tokenizers Sequence, ByteLevel, Split, Metaspace, Digits,
/// WhitespaceSplit; decoders Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace;
/// post-processors TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel and Sequence.
/// Anything else is refused with a <see cref="TokenizerJsonException"/> naming the file and the
/// unsupported part.
/// </summary>
public static class TokenizerJson
{
    /// <summary>Loads <paramref name="path"/>; a name ending in ".gz" is gunzipped first.</summary>
    /// <exception cref="TokenizerJsonException">The file is missing, not JSON, or uses an unsupported feature.</exception>
    public static BpeTextTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new TokenizerJsonException($"{path}: tokenizer file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gz.CopyTo(plain);
                bytes = plain.ToArray();
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new TokenizerJsonException($"{path}: cannot read the tokenizer: {e.Message}", e);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TokenizerJsonException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            try
            {
                return Build(path, doc.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new TokenizerJsonException($"{path}: unexpected tokenizer.json structure: {e.Message}", e);
            }
        }
    }

    private static BpeTextTokenizer Build(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Unsupported(path, "the top level is not a JSON object");
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw Unsupported(path, "there is no \"model\" object");
        var modelType = Str(model, "type") ?? (model.TryGetProperty("merges", out _) ? "BPE" : null);
        if (modelType != "BPE")
            throw Unsupported(path, $"model type '{modelType ?? "(none)"}' is not supported (only BPE: byte-level BPE as in GPT-2, Llama 3 and Qwen2, or SentencePiece-style BPE as in Llama 2 and Mistral)");

        // Vocabulary.
        if (!model.TryGetProperty("vocab", out var vocabJson) || vocabJson.ValueKind != JsonValueKind.Object)
            throw Unsupported(path, "model.vocab is not an object of token → id");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxId = -1;
        foreach (var p in vocabJson.EnumerateObject())
        {
            var id = p.Value.GetInt32();
            vocab[p.Name] = id;
            maxId = Math.Max(maxId, id);
        }
        var tokens = new string?[maxId + 1];
        foreach (var (t, id) in vocab) tokens[id] = t;

        // Merges.
        var prefix = Str(model, "continuing_subword_prefix");
        var merges = new Dictionary<long, (int, int)>();
        if (model.TryGetProperty("merges", out var mergesJson) && mergesJson.ValueKind == JsonValueKind.Array)
        {
            var rank = 0;
            foreach (var m in mergesJson.EnumerateArray())
            {
                string a, b;
                if (m.ValueKind == JsonValueKind.String)
                {
                    var s = m.GetString()!;
                    var space = s.IndexOf(' ', 1);
                    if (space < 0 || s.IndexOf(' ', space + 1) >= 0) throw Unsupported(path, $"merge #{rank} \"{s}\" is not two tokens separated by one space");
                    (a, b) = (s[..space], s[(space + 1)..]);
                }
                else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2)
                {
                    (a, b) = (m[0].GetString()!, m[1].GetString()!);
                }
                else throw Unsupported(path, $"merge #{rank} is neither \"a b\" nor [\"a\", \"b\"]");
                var merged = a + (!string.IsNullOrEmpty(prefix) && b.StartsWith(prefix, StringComparison.Ordinal) ? b[prefix.Length..] : b);
                if (!vocab.TryGetValue(a, out var aId)) throw Unsupported(path, $"merge #{rank}: '{a}' is not in the vocabulary");
                if (!vocab.TryGetValue(b, out var bId)) throw Unsupported(path, $"merge #{rank}: '{b}' is not in the vocabulary");
                if (!vocab.TryGetValue(merged, out var newId)) throw Unsupported(path, $"merge #{rank}: '{merged}' is not in the vocabulary");
                merges.TryAdd(BpeModel.PairKey(aId, bId), (rank, newId));
                rank++;
            }
        }

        int? unkId = null;
        if (Str(model, "unk_token") is { } unk)
        {
            if (!vocab.TryGetValue(unk, out var u)) throw Unsupported(path, $"unk_token '{unk}' is not in the vocabulary");
            unkId = u;
        }
        var bpe = new BpeModel(vocab, merges, unkId, Bool(model, "fuse_unk"), Bool(model, "byte_fallback"), Bool(model, "ignore_merges"),
            prefix, Str(model, "end_of_word_suffix"));

        // Added tokens.
        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var addedJson) && addedJson.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in addedJson.EnumerateArray())
            {
                added.Add(new AddedToken(a.GetProperty("id").GetInt32(), a.GetProperty("content").GetString()!, Bool(a, "single_word"),
                    Bool(a, "lstrip"), Bool(a, "rstrip"), Bool(a, "normalized"), Bool(a, "special")));
            }
        }

        var normalizer = Normalizer(path, root.TryGetProperty("normalizer", out var n) ? n : default);
        var preTokenizer = PreTokenizer(path, root.TryGetProperty("pre_tokenizer", out var pt) ? pt : default);
        var decoder = Decoder(path, root.TryGetProperty("decoder", out var d) ? d : default);
        var (before, after) = PostProcessor(path, root.TryGetProperty("post_processor", out var pp) ? pp : default, vocab, added);

        var byteLevel = HasType(d, "ByteLevel") || HasType(pt, "ByteLevel");
        var replacements = new List<(string, string)>();
        CollectPieceReplacements(d, replacements);
        return new BpeTextTokenizer(path, bpe, tokens, added, normalizer, preTokenizer, decoder, before, after, byteLevel, replacements);
    }

    private static ITextNormalizer? Normalizer(string path, JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        var type = Str(e, "type");
        return type switch
        {
            "Sequence" => new NormalizerSequence(e.GetProperty("normalizers").EnumerateArray().Select(x => Normalizer(path, x)!).ToList()),
            "Prepend" => new PrependNormalizer(e.GetProperty("prepend").GetString()!),
            "Replace" => Pattern(path, e.GetProperty("pattern"), "normalizer Replace") is var (pattern, isRegex)
                ? new ReplaceNormalizer(pattern, isRegex, e.GetProperty("content").GetString()!) : null,
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(Bool(e, "strip_left"), Bool(e, "strip_right")),
            _ => throw Unsupported(path, $"normalizer type '{type}' is not supported (supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip)"),
        };
    }

    private static IPreTokenizer? PreTokenizer(string path, JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        var type = Str(e, "type");
        switch (type)
        {
            case "Sequence":
                return new PreTokenizerSequence(e.GetProperty("pretokenizers").EnumerateArray().Select(x => PreTokenizer(path, x)!).ToList());
            case "ByteLevel":
                return new ByteLevelPreTokenizer(Bool(e, "add_prefix_space"), Bool(e, "use_regex", true));
            case "Split":
            {
                var (pattern, isRegex) = Pattern(path, e.GetProperty("pattern"), "pre-tokenizer Split");
                var behaviorName = Str(e, "behavior") ?? "Isolated";
                if (!Enum.TryParse<SplitBehavior>(behaviorName, out var behavior))
                    throw Unsupported(path, $"Split behavior '{behaviorName}' is not supported");
                SplitPattern compiled;
                try
                {
                    compiled = new SplitPattern(pattern, literal: !isRegex);
                }
                catch (ArgumentException ex)
                {
                    throw Unsupported(path, $"the Split regex {pattern} cannot be run by .NET: {ex.Message}");
                }
                return new SplitPreTokenizer(compiled, behavior, Bool(e, "invert"));
            }
            case "Metaspace":
            {
                var replacement = Str(e, "replacement") ?? "▁";
                var scheme = Str(e, "prepend_scheme") ?? (Bool(e, "add_prefix_space", true) ? "always" : "never");
                return new MetaspacePreTokenizer(replacement[0], scheme, Bool(e, "split", true));
            }
            case "Digits":
                return new DigitsPreTokenizer(Bool(e, "individual_digits"));
            case "WhitespaceSplit":
                return new WhitespaceSplitPreTokenizer();
            default:
                throw Unsupported(path, $"pre-tokenizer type '{type}' is not supported (supported: Sequence, ByteLevel, Split, Metaspace, Digits, WhitespaceSplit)");
        }
    }

    private static ITokenDecoder? Decoder(string path, JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        var type = Str(e, "type");
        switch (type)
        {
            case "Sequence":
                return new DecoderSequence(e.GetProperty("decoders").EnumerateArray().Select(x => Decoder(path, x)!).ToList());
            case "ByteLevel":
                return new ByteLevelDecoder();
            case "Replace":
            {
                var (pattern, isRegex) = Pattern(path, e.GetProperty("pattern"), "decoder Replace");
                if (isRegex) throw Unsupported(path, "decoder Replace with a Regex pattern is not supported");
                return new ReplaceDecoder(pattern, e.GetProperty("content").GetString()!);
            }
            case "ByteFallback":
                return new ByteFallbackDecoder();
            case "Fuse":
                return new FuseDecoder();
            case "Strip":
                return new StripDecoder(e.GetProperty("content").GetString()![0], Int(e, "start"), Int(e, "stop"));
            case "Metaspace":
            {
                var replacement = Str(e, "replacement") ?? "▁";
                var scheme = Str(e, "prepend_scheme") ?? (Bool(e, "add_prefix_space", true) ? "always" : "never");
                return new MetaspaceDecoder(replacement[0], scheme != "never");
            }
            default:
                throw Unsupported(path, $"decoder type '{type}' is not supported (supported: Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace)");
        }
    }

    /// <summary>The ids the post-processor puts before and after a single sequence.</summary>
    private static (List<int> Before, List<int> After) PostProcessor(string path, JsonElement e, Dictionary<string, int> vocab, List<AddedToken> added)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return ([], []);
        var type = Str(e, "type");
        switch (type)
        {
            case "ByteLevel":
                return ([], []);
            case "Sequence":
            {
                List<int> before = [], after = [];
                foreach (var p in e.GetProperty("processors").EnumerateArray())
                {
                    var (b, a) = PostProcessor(path, p, vocab, added);
                    before = [.. b, .. before];
                    after = [.. after, .. a];
                }
                return (before, after);
            }
            case "TemplateProcessing":
            {
                var special = new Dictionary<string, List<int>>();
                if (e.TryGetProperty("special_tokens", out var st))
                {
                    foreach (var s in st.EnumerateObject()) special[s.Name] = s.Value.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToList();
                }
                List<int> before = [], after = [];
                var seenSequence = false;
                foreach (var item in e.GetProperty("single").EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out _))
                    {
                        seenSequence = true;
                        continue;
                    }
                    var name = item.GetProperty("SpecialToken").GetProperty("id").GetString()!;
                    if (!special.TryGetValue(name, out var ids)) throw Unsupported(path, $"TemplateProcessing uses special token '{name}' that special_tokens does not define");
                    (seenSequence ? after : before).AddRange(ids);
                }
                return (before, after);
            }
            case "RobertaProcessing" or "BertProcessing":
            {
                var cls = e.GetProperty("cls")[1].GetInt32();
                var sep = e.GetProperty("sep")[1].GetInt32();
                return ([cls], [sep]);
            }
            default:
                throw Unsupported(path, $"post-processor type '{type}' is not supported (supported: TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel, Sequence)");
        }
    }

    private static (string Pattern, bool IsRegex) Pattern(string path, JsonElement e, string where)
    {
        if (e.TryGetProperty("String", out var s)) return (s.GetString()!, false);
        if (e.TryGetProperty("Regex", out var r)) return (r.GetString()!, true);
        throw Unsupported(path, $"{where}: pattern is neither {{\"String\": ...}} nor {{\"Regex\": ...}}");
    }

    private static bool HasType(JsonElement e, string type)
    {
        if (e.ValueKind != JsonValueKind.Object) return false;
        if (Str(e, "type") == type) return true;
        foreach (var list in new[] { "decoders", "pretokenizers" })
        {
            if (e.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array && items.EnumerateArray().Any(x => HasType(x, type))) return true;
        }
        return false;
    }

    /// <summary>The decoder's literal replacements ("▁" → " "), which give a SentencePiece token's bytes.</summary>
    private static void CollectPieceReplacements(JsonElement e, List<(string, string)> into)
    {
        if (e.ValueKind != JsonValueKind.Object) return;
        switch (Str(e, "type"))
        {
            case "Replace" when e.GetProperty("pattern").TryGetProperty("String", out var s):
                into.Add((s.GetString()!, e.GetProperty("content").GetString()!));
                break;
            case "Metaspace":
                into.Add((Str(e, "replacement") ?? "▁", " "));
                break;
            case "Sequence":
                foreach (var x in e.GetProperty("decoders").EnumerateArray()) CollectPieceReplacements(x, into);
                break;
        }
    }

    private static TokenizerJsonException Unsupported(string path, string what) => new($"{path}: {what}");

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name, bool fallback = false) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => fallback } : fallback;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
