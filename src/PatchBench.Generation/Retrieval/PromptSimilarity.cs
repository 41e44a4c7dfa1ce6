using System.Text.RegularExpressions;

namespace PatchBench.Generation.Retrieval;

/// <summary>How to rank pool prompts against a request.</summary>
public enum SimilarityMeasure
{
    /// <summary>Jaccard similarity of lower-cased word sets (seed 002's retrieval).</summary>
    Jaccard,
    /// <summary>Okapi BM25 (k1 = 1.2, b = 0.75) over the pool.</summary>
    Bm25,
}

/// <summary>
/// Finds the pool items whose prompts are most like a request: the few-shot selection of seed
/// 002 and the model-free retrieval baseline. Deterministic: ties are broken by a seeded hash of
/// the id, so the same seed always gives the same examples.
/// </summary>
public sealed partial class PromptSimilarity
{
    [GeneratedRegex(@"[\p{L}\p{N}~]+")]
    private static partial Regex WordRegex();

    private readonly FewShotCandidate[] _pool;
    private readonly HashSet<string>[] _sets;
    private readonly Dictionary<string, int>[] _counts;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    /// <summary>A pool entry: an id and the text to compare against.</summary>
    public sealed record FewShotCandidate(string Id, string Prompt);

    /// <summary>Indexes the pool.</summary>
    public PromptSimilarity(IEnumerable<FewShotCandidate> pool)
    {
        _pool = pool.ToArray();
        _sets = new HashSet<string>[_pool.Length];
        _counts = new Dictionary<string, int>[_pool.Length];
        for (int i = 0; i < _pool.Length; i++)
        {
            var words = Words(_pool[i].Prompt);
            _sets[i] = [.. words];
            _counts[i] = words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var w in _sets[i]) _documentFrequency[w] = _documentFrequency.GetValueOrDefault(w) + 1;
        }
        _averageLength = _pool.Length == 0 ? 1 : _counts.Average(c => c.Values.Sum());
    }

    /// <summary>Lower-cased words of a text.</summary>
    public static List<string> Words(string text) =>
        WordRegex().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    /// <summary>Jaccard similarity of two texts' word sets (0 when both are empty).</summary>
    public static double Jaccard(string a, string b)
    {
        var x = new HashSet<string>(Words(a));
        var y = new HashSet<string>(Words(b));
        if (x.Count == 0 && y.Count == 0) return 0;
        int inter = x.Count(y.Contains);
        return inter / (double)(x.Count + y.Count - inter);
    }

    /// <summary>The <paramref name="k"/> best pool entries for <paramref name="request"/>, best first, skipping <paramref name="excludeIds"/>.</summary>
    public IReadOnlyList<(FewShotCandidate Item, double Score)> Nearest(string request, int k, SimilarityMeasure measure, int seed,
        ISet<string>? excludeIds = null)
    {
        var words = Words(request);
        var set = new HashSet<string>(words);
        var scored = new List<(FewShotCandidate, double, ulong)>();
        for (int i = 0; i < _pool.Length; i++)
        {
            if (excludeIds?.Contains(_pool[i].Id) == true) continue;
            double score = measure == SimilarityMeasure.Jaccard ? JaccardSets(set, _sets[i]) : Bm25(set, i);
            scored.Add((_pool[i], score, TieBreak(_pool[i].Id, seed)));
        }
        return scored.OrderByDescending(s => s.Item2).ThenBy(s => s.Item3).ThenBy(s => s.Item1.Id, StringComparer.Ordinal)
            .Take(Math.Max(0, k)).Select(s => (s.Item1, s.Item2)).ToArray();
    }

    private static double JaccardSets(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 0;
        int inter = a.Count(b.Contains);
        return inter / (double)(a.Count + b.Count - inter);
    }

    private double Bm25(HashSet<string> query, int doc)
    {
        const double k1 = 1.2, b = 0.75;
        double length = _counts[doc].Values.Sum(), score = 0;
        foreach (var term in query)
        {
            if (!_counts[doc].TryGetValue(term, out int tf)) continue;
            int df = _documentFrequency[term];
            double idf = Math.Log(1 + (_pool.Length - df + 0.5) / (df + 0.5));
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / _averageLength));
        }
        return score;
    }

    // FNV-1a over the seed and id: stable across processes and platforms, unlike string.GetHashCode.
    private static ulong TieBreak(string id, int seed)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (char c in id) { h ^= c; h *= 1099511628211UL; }
        return h;
    }
}
