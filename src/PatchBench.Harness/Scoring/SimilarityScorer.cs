using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Harness.Runs;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;

namespace PatchBench.Harness.Scoring;

/// <summary>
/// Object-graph similarity to the reference: <c>similarity</c> (1 − normalised graph edit distance),
/// <c>nodes_f1</c> and <c>edges_f1</c>, with the matched, missing and extra boxes kept in the details
/// so the site can colour both drawings. Canonical names come from the item's profile catalog.
/// </summary>
/// <param name="catalogs">The catalog for each item.</param>
public sealed class SimilarityScorer(ProfileCatalogs catalogs) : ISampleScorer
{
    /// <summary>A scorer that compares every item with <paramref name="catalog"/>'s names, whatever its profile.</summary>
    public SimilarityScorer(IObjectCatalog catalog) : this(ProfileCatalogs.Fixed(catalog)) { }

    /// <inheritdoc />
    public string Name => "similarity";

    /// <inheritdoc />
    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(HeadlineMetrics.Similarity, MetricKind.Mean, true, "graph similarity to the reference (1 - normalised graph edit distance)"),
        new("nodes_f1", MetricKind.Mean, true, "multiset F1 of node labels against the reference"),
        new("edges_f1", MetricKind.Mean, true, "F1 of typed edges against the reference"),
    ];

    /// <inheritdoc />
    public Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
    {
        var result = GraphComparer.Compare(PdParser.Parse(item.ReferencePatch), PdParser.Parse(patch), catalogs.For(item));
        var details = JsonSerializer.SerializeToNode(result, GraphSimilarityJson.Default.GraphSimilarity) as JsonObject;
        var metrics = new Dictionary<string, double>
        {
            [HeadlineMetrics.Similarity] = result.Graph,
            ["nodes_f1"] = result.NodesF1,
            ["edges_f1"] = result.EdgesF1,
        };
        return Task.FromResult(new ScoreResult(metrics, details));
    }
}
