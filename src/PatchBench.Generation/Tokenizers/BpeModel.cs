using System.Collections.Concurrent;
using System.Text;

namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// Hugging Face's BPE model: a word's characters become vocabulary ids (or byte-fallback or unknown
/// tokens), then the adjacent pair with the lowest merge rank is merged, leftmost first, until no listed
/// merge applies. Results are cached per word, since prompts repeat words a lot.
/// </summary>
internal sealed class BpeModel
{
    private const int CacheLimit = 200_000;

    // Like tokenizers, only words shorter than this are cached: a SentencePiece-style tokenizer without a
    // pre-tokenizer sees a whole prompt as one word, and caching those would only fill memory.
    private const int CachedWordLength = 256;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int[] _byteIds; // id of "<0xNN>" per byte, -1 when missing
    private readonly Dictionary<int, int> _runeIds;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;

    public BpeModel(Dictionary<string, int> vocab, Dictionary<long, (int Rank, int NewId)> merges, int? unkId,
        bool fuseUnk, bool byteFallback, bool ignoreMerges, string? continuingSubwordPrefix, string? endOfWordSuffix)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _merges = merges;
        UnkId = unkId;
        FuseUnk = fuseUnk;
        ByteFallback = byteFallback;
        IgnoreMerges = ignoreMerges;
        ContinuingSubwordPrefix = string.IsNullOrEmpty(continuingSubwordPrefix) ? null : continuingSubwordPrefix;
        EndOfWordSuffix = string.IsNullOrEmpty(endOfWordSuffix) ? null : endOfWordSuffix;
        // Single-character pieces by code point, so building a word's symbols needs no string per character.
        _runeIds = new Dictionary<int, int>();
        foreach (var (piece, id) in vocab)
        {
            if (Rune.DecodeFromUtf16(piece, out var r, out var used) == System.Buffers.OperationStatus.Done && used == piece.Length) _runeIds[r.Value] = id;
        }
        _byteIds = new int[256];
        for (var b = 0; b < 256; b++) _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
    }

    public int? UnkId { get; }
    public bool FuseUnk { get; }
    public bool ByteFallback { get; }
    public bool IgnoreMerges { get; }
    public string? ContinuingSubwordPrefix { get; }
    public string? EndOfWordSuffix { get; }

    /// <summary>The key of a pair of ids in the merge table.</summary>
    public static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Appends the ids of <paramref name="word"/>; a word already in the vocabulary (with ignore_merges)
    /// or in the cache costs no allocation.</summary>
    public void Encode(ReadOnlySpan<char> word, List<int> output)
    {
        if (word.Length == 0) return;
        if (IgnoreMerges && _vocabBySpan.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }
        if (_cacheBySpan.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        Encode(word.ToString(), output);
    }

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void Encode(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (IgnoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }
        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var ids = Merge(Symbols(word));
        if (word.Length < CachedWordLength)
        {
            if (_cache.Count >= CacheLimit) _cache.Clear();
            _cache[word] = ids;
        }
        output.AddRange(ids);
    }

    /// <summary>The word's characters as ids, before any merge.</summary>
    private List<int> Symbols(string word)
    {
        var symbols = new List<int>(word.Length);
        var previousUnk = false;
        Span<byte> utf8 = stackalloc byte[4];
        var affixes = ContinuingSubwordPrefix != null || EndOfWordSuffix != null;
        var runes = word.EnumerateRunes().ToList();
        for (var i = 0; i < runes.Count; i++)
        {
            int id;
            bool found;
            if (!affixes) found = _runeIds.TryGetValue(runes[i].Value, out id);
            else
            {
                var piece = runes[i].ToString();
                if (i > 0 && ContinuingSubwordPrefix != null) piece = ContinuingSubwordPrefix + piece;
                if (i == runes.Count - 1 && EndOfWordSuffix != null) piece += EndOfWordSuffix;
                found = _vocab.TryGetValue(piece, out id);
            }
            if (found)
            {
                symbols.Add(id);
                previousUnk = false;
                continue;
            }
            if (ByteFallback)
            {
                var n = runes[i].EncodeToUtf8(utf8);
                var all = true;
                for (var k = 0; k < n; k++) all &= _byteIds[utf8[k]] >= 0;
                if (all)
                {
                    for (var k = 0; k < n; k++) symbols.Add(_byteIds[utf8[k]]);
                    previousUnk = false;
                    continue;
                }
            }
            if (UnkId is { } unk)
            {
                if (!(FuseUnk && previousUnk)) symbols.Add(unk);
                previousUnk = true;
            }
            // Without an unknown token Hugging Face drops the character; so do we.
        }
        return symbols;
    }

    /// <summary>Applies merges by rank, leftmost first on equal rank (tokenizers' Word::merge_all).</summary>
    private int[] Merge(List<int> symbols)
    {
        var n = symbols.Count;
        if (n < 2) return symbols.ToArray();
        var ids = symbols.ToArray();
        var prev = new int[n];
        var next = new int[n];
        var alive = new bool[n];
        for (var i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            alive[i] = true;
        }
        // Priority: rank in the high bits, position in the low bits, so ties go to the leftmost pair.
        var queue = new PriorityQueue<(int Pos, int NewId), long>();
        void Consider(int left)
        {
            var right = next[left];
            if (right < 0) return;
            if (_merges.TryGetValue(PairKey(ids[left], ids[right]), out var m)) queue.Enqueue((left, m.NewId), ((long)m.Rank << 32) | (uint)left);
        }
        for (var i = 0; i + 1 < n; i++) Consider(i);
        while (queue.TryDequeue(out var top, out _))
        {
            var left = top.Pos;
            if (!alive[left]) continue;
            var right = next[left];
            if (right < 0) continue;
            // The pair may have changed since it was queued: merge only if it still yields this token.
            if (!_merges.TryGetValue(PairKey(ids[left], ids[right]), out var m) || m.NewId != top.NewId) continue;
            ids[left] = m.NewId;
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            if (prev[left] >= 0) Consider(prev[left]);
            Consider(left);
        }
        var result = new List<int>();
        for (var i = 0; i >= 0; i = next[i]) result.Add(ids[i]);
        return result.ToArray();
    }
}
