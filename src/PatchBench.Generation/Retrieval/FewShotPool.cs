using PatchBench.Generation.Prompts;
using PatchBench.Harness.Runs;

namespace PatchBench.Generation.Retrieval;

/// <summary>
/// The suite whose items serve as worked examples (suites/fewshot): finds the items whose prompts are most like a
/// request. Never returns the request's own item, nor a pool item with the same prompt (a copy of the test item
/// would leak its answer).
/// </summary>
public sealed class FewShotPool
{
    private readonly Dictionary<string, BenchItem> _byId;
    private readonly PromptSimilarity _similarity;

    /// <summary>Indexes the pool suite.</summary>
    public FewShotPool(BenchSuite pool)
    {
        Suite = pool;
        _byId = pool.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _similarity = new PromptSimilarity(pool.Items.Select(i => new PromptSimilarity.FewShotCandidate(i.Id, i.Prompt)));
    }

    /// <summary>The pool suite.</summary>
    public BenchSuite Suite { get; }

    /// <summary>The <paramref name="k"/> pool items nearest to <paramref name="item"/>'s prompt, best first, with their scores.</summary>
    public IReadOnlyList<(BenchItem Item, double Score)> Nearest(BenchItem item, int k, SimilarityMeasure measure, int seed)
    {
        var own = Normalize(item.Prompt);
        var exclude = new HashSet<string>(StringComparer.Ordinal) { item.Id };
        foreach (var p in Suite.Items)
            if (Normalize(p.Prompt) == own) exclude.Add(p.Id);
        return _similarity.Nearest(item.Prompt, k, measure, seed, exclude).Select(n => (_byId[n.Item.Id], n.Score)).ToArray();
    }

    /// <summary>The nearest items as prompt examples (their reference patches are the answers).</summary>
    public IReadOnlyList<FewShotExample> Examples(BenchItem item, int k, SimilarityMeasure measure, int seed) =>
        k <= 0 ? [] : Nearest(item, k, measure, seed).Select(n => new FewShotExample(n.Item.Id, n.Item.Prompt, n.Item.ReferencePatch)).ToArray();

    private static string Normalize(string prompt) => string.Join(' ', PromptSimilarity.Words(prompt));
}
