using System.Text;

namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// A Hugging Face tokenizer.json BPE tokenizer in managed code, read by <see cref="TokenizerJson.Load"/>.
/// Encoding follows tokenizers' pipeline: added tokens are cut out of the raw text, the rest is
/// normalized (and normalized added tokens cut out of that), pre-tokenized into words, each word
/// tokenized by BPE, and with addSpecial the post-processor's tokens (BOS) are added.
/// </summary>
public sealed class BpeTextTokenizer : ITextTokenizer
{
    private readonly BpeModel _model;
    private readonly string?[] _tokens; // model vocabulary by id
    private readonly Dictionary<int, AddedToken> _added;
    private readonly HashSet<int> _specialIds;
    private readonly AddedTokenMatcher _rawAdded;
    private readonly AddedTokenMatcher _normalizedAdded;
    private readonly ITextNormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly ITokenDecoder? _decoder;
    private readonly IReadOnlyList<int> _prefix;
    private readonly IReadOnlyList<int> _suffix;
    private readonly byte[]?[] _bytes;
    private readonly (SplitPattern Pattern, bool KeepGaps)? _byteLevelSplit;

    internal BpeTextTokenizer(string source, BpeModel model, string?[] tokens, IReadOnlyList<AddedToken> added, ITextNormalizer? normalizer,
        IPreTokenizer? preTokenizer, ITokenDecoder? decoder, IReadOnlyList<int> prefix, IReadOnlyList<int> suffix, bool byteLevel,
        IReadOnlyList<(string Pattern, string Content)> pieceReplacements)
    {
        Source = source;
        _model = model;
        _tokens = tokens;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _prefix = prefix;
        _suffix = suffix;
        _added = new Dictionary<int, AddedToken>();
        foreach (var a in added) _added[a.Id] = a;
        AddedTokens = added;
        _specialIds = added.Where(a => a.Special).Select(a => a.Id).ToHashSet();
        _rawAdded = new AddedTokenMatcher(added.Where(a => !a.Normalized));
        _normalizedAdded = new AddedTokenMatcher(added.Where(a => a.Normalized), normalizer == null ? null : normalizer.Normalize);
        VocabularySize = Math.Max(tokens.Length, added.Count == 0 ? 0 : added.Max(a => a.Id) + 1);
        IsByteLevel = byteLevel;
        _byteLevelSplit = model.ContinuingSubwordPrefix == null && model.EndOfWordSuffix == null ? ByteLevelSplit(preTokenizer) : null;

        _bytes = new byte[VocabularySize][];
        for (var id = 0; id < VocabularySize; id++)
        {
            if (_added.TryGetValue(id, out var a)) _bytes[id] = Encoding.UTF8.GetBytes(a.Content);
            else if (id < tokens.Length && tokens[id] is { } t) _bytes[id] = PieceBytes(t, byteLevel, model.ByteFallback, pieceReplacements);
        }

        BosId = prefix.Count > 0 ? prefix[0] : FindAdded("<s>", "<|begin_of_text|>", "<|startoftext|>", "<bos>");
        EosIds = added.Where(a => a.Special && EosNames.Contains(a.Content)).Select(a => a.Id).ToList();
    }

    private static readonly HashSet<string> EosNames =
        ["</s>", "<|endoftext|>", "<|end_of_text|>", "<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<eos>"];

    /// <summary>Whether encoding takes the allocation-free byte-level path (for tests).</summary>
    internal bool UsesByteLevelFastPath => _byteLevelSplit != null;

    /// <summary>Where the tokenizer was loaded from (for messages).</summary>
    public string Source { get; }

    /// <summary>Whether this is a byte-level tokenizer (GPT-2 style: every byte string has a token sequence).</summary>
    public bool IsByteLevel { get; }

    /// <summary>The added tokens (special and not) from tokenizer.json.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <inheritdoc/>
    public int VocabularySize { get; }

    /// <inheritdoc/>
    public bool IsSpecial(int id) => _specialIds.Contains(id);

    /// <summary>The id the post-processor puts first (TemplateProcessing, RobertaProcessing); otherwise an added
    /// token named like a BOS (&lt;s&gt;, &lt;|begin_of_text|&gt;), which Encode does not add unless the post-processor says so.</summary>
    public int? BosId { get; }

    /// <summary>Special added tokens with the usual end names (&lt;/s&gt;, &lt;|endoftext|&gt;, &lt;|eot_id|&gt;, &lt;|im_end|&gt;, ...).</summary>
    public IReadOnlyList<int> EosIds { get; }

    /// <summary>Tokenizes as Hugging Face's <c>tokenizer.encode(text, add_special_tokens)</c>: added tokens written
    /// in the text (such as "&lt;/s&gt;") are always recognized.</summary>
    public IReadOnlyList<int> Encode(string text, bool addSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        if (addSpecial) ids.AddRange(_prefix);
        var pieces = new List<string>(1);
        foreach (var (start, raw, id) in _rawAdded.Split(text))
        {
            if (id is { } rawToken)
            {
                ids.Add(rawToken);
                continue;
            }
            var normalized = _normalizer?.Normalize(raw) ?? raw;
            foreach (var (innerStart, plain, innerId) in _normalizedAdded.Split(normalized))
            {
                if (innerId is { } normalizedToken)
                {
                    ids.Add(normalizedToken);
                    continue;
                }
                if (_byteLevelSplit is { } fused)
                {
                    EncodeByteLevel(plain, fused.Pattern, fused.KeepGaps, ids);
                    continue;
                }
                pieces.Clear();
                pieces.Add(plain);
                var words = _preTokenizer?.Split(pieces, atTextStart: start == 0 && innerStart == 0) ?? pieces;
                foreach (var w in words) _model.Encode(w, ids);
            }
        }
        if (addSpecial) ids.AddRange(_suffix);
        return ids;
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_bytes.Length && _bytes[id] is { } b ? b : throw new ArgumentOutOfRangeException(nameof(id), id, $"no token {id} in {Source}");

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecial = true)
    {
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (_added.TryGetValue(id, out var a))
            {
                if (!(skipSpecial && a.Special)) tokens.Add(a.Content);
            }
            else if ((uint)id < (uint)_tokens.Length && _tokens[id] is { } t) tokens.Add(t);
            else throw new ArgumentOutOfRangeException(nameof(ids), id, $"no token {id} in {Source}");
        }
        return string.Concat(_decoder?.Decode(tokens) ?? tokens);
    }

    /// <summary>
    /// The regex and whether the text between its matches is kept, when the pre-tokenizer is the usual
    /// byte-level one (GPT-2's ByteLevel with its regex, or a Split followed by a plain ByteLevel as in
    /// Llama 3, Qwen2 and GPT-4o): then encoding can run without a string per word.
    /// </summary>
    private static (SplitPattern, bool)? ByteLevelSplit(IPreTokenizer? preTokenizer) => preTokenizer switch
    {
        ByteLevelPreTokenizer { AddPrefixSpace: false, UseRegex: true } => (ByteLevelPreTokenizer.Gpt2Split.Value.Pattern, true),
        PreTokenizerSequence { Steps: [SplitPreTokenizer split, ByteLevelPreTokenizer { AddPrefixSpace: false, UseRegex: false }] } => split switch
        {
            { Behavior: SplitBehavior.Isolated, Invert: false } => (split.Pattern, true),
            { Behavior: SplitBehavior.Removed, Invert: true } => (split.Pattern, false),
            _ => null,
        },
        _ => null,
    };

    /// <summary>Same as Split + ByteLevel + BPE per word, with each word mapped to GPT-2's characters on the stack.</summary>
    private void EncodeByteLevel(string text, SplitPattern pattern, bool keepGaps, List<int> ids)
    {
        var from = 0;
        foreach (var (start, length) in pattern.Matches(text))
        {
            if (keepGaps && start > from) EncodeByteLevelWord(text.AsSpan(from, start - from), ids);
            EncodeByteLevelWord(text.AsSpan(start, length), ids);
            from = start + length;
        }
        if (keepGaps && from < text.Length) EncodeByteLevelWord(text.AsSpan(from), ids);
    }

    private void EncodeByteLevelWord(ReadOnlySpan<char> word, List<int> ids)
    {
        if (word.Length > 256 || !System.Text.Ascii.IsValid(word))
        {
            _model.Encode(ByteLevelAlphabet.Encode(word), ids);
            return;
        }
        Span<char> mapped = stackalloc char[word.Length];
        for (var i = 0; i < word.Length; i++) mapped[i] = ByteLevelAlphabet.ByteToChar[word[i]];
        _model.Encode(mapped, ids);
    }

    private int? FindAdded(params string[] names)
    {
        foreach (var n in names)
        {
            foreach (var a in _added.Values)
            {
                if (a.Content == n) return a.Id;
            }
        }
        return null;
    }

    private static byte[] PieceBytes(string token, bool byteLevel, bool byteFallback, IReadOnlyList<(string Pattern, string Content)> replacements)
    {
        if (byteLevel)
        {
            var list = new List<byte>(token.Length);
            ByteLevelAlphabet.Decode(token, list);
            return list.ToArray();
        }
        if (byteFallback && ByteFallbackDecoder.TryParseByteToken(token, out var b)) return [b];
        foreach (var (pattern, content) in replacements) token = token.Replace(pattern, content, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(token);
    }
}
