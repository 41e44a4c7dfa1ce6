using PatchBench.Harness.Systems;
using PatchBench.Harness.Runs;

namespace PatchBench.Generation.Retrieval;

/// <summary>
/// The model-free baseline of seed 002's retrieval idea: answers with the reference patch of the pool item whose
/// prompt is most similar to the request (Jaccard over word sets, or BM25). Never the item itself. Deterministic:
/// ties are broken by a seeded hash, so every sample of an item gets the same answer.
/// </summary>
public sealed class RetrievalSystem(SystemSpec spec, FewShotPool pool, SimilarityMeasure measure, int seed) : ISystemUnderTest
{
    /// <inheritdoc />
    public SystemSpec Spec => spec;

    /// <summary>The pool answers come from.</summary>
    public FewShotPool Pool => pool;

    /// <summary>The pool item chosen for <paramref name="item"/> and its similarity, or null for an empty pool.</summary>
    public (BenchItem Item, double Score)? Choose(BenchItem item) => pool.Nearest(item, 1, measure, seed) is [var best, ..] ? best : null;

    /// <inheritdoc />
    public Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
    {
        var text = Choose(item)?.Item.ReferencePatch ?? "";
        return Task.FromResult(new SystemOutput(text, text));
    }
}
