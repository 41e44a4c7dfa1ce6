using System.Text.Json.Serialization;

namespace PatchBench.Pd.Graph;

/// <summary>What became of a box when a candidate was compared with its reference.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoxStatus>))]
public enum BoxStatus
{
    /// <summary>Paired with a box of the other patch that has the same label.</summary>
    Matched,
    /// <summary>Paired with a box of the other patch whose label differs (a substitution).</summary>
    Changed,
    /// <summary>A reference box with no partner in the candidate.</summary>
    Missing,
    /// <summary>A candidate box with no partner in the reference.</summary>
    Extra,
}

/// <summary>A reference box paired with a candidate box by the graph edit distance's node mapping.</summary>
/// <param name="Reference">The reference box's path (see <see cref="GraphNode.Path"/>).</param>
/// <param name="Candidate">The candidate box's path.</param>
/// <param name="ReferenceLabel">The reference node's label.</param>
/// <param name="CandidateLabel">The candidate node's label.</param>
/// <param name="Cost">Substitution cost: 0 same label, 1 same class with other arguments, 2 another class (kept paired because wires around it match).</param>
public sealed record NodeMatch(string Reference, string Candidate, string ReferenceLabel, string CandidateLabel, double Cost);

/// <summary>A box left without a partner: its path and label.</summary>
/// <param name="Path">The box's path (see <see cref="GraphNode.Path"/>).</param>
/// <param name="Label">The node's label.</param>
public sealed record UnmatchedNode(string Path, string Label);

/// <summary>
/// How close a candidate patch's object graph is to the reference's.
/// </summary>
/// <param name="NodesF1">Multiset F1 of node labels.</param>
/// <param name="EdgesF1">Multiset F1 of typed edges (<c>sourceLabel:outlet → sinkLabel:inlet</c>).</param>
/// <param name="Graph">1 − <see cref="EditCost"/> / <see cref="MaxCost"/>: 1 for isomorphic graphs, 0 against an empty one.</param>
/// <param name="EditCost">Exact edit cost of the node mapping found (node and edge insertions, deletions, substitutions).</param>
/// <param name="MaxCost">Cost of deleting every reference node and edge and inserting every candidate one.</param>
/// <param name="ReferenceNodes">Node count of the reference graph.</param>
/// <param name="CandidateNodes">Node count of the candidate graph.</param>
/// <param name="ReferenceEdges">Edge count of the reference graph.</param>
/// <param name="CandidateEdges">Edge count of the candidate graph.</param>
/// <param name="Matches">The paired boxes, in reference node order.</param>
/// <param name="Missing">Reference boxes left unpaired.</param>
/// <param name="Extra">Candidate boxes left unpaired.</param>
public sealed record GraphSimilarity(
    double NodesF1, double EdgesF1, double Graph, double EditCost, double MaxCost,
    int ReferenceNodes, int CandidateNodes, int ReferenceEdges, int CandidateEdges,
    IReadOnlyList<NodeMatch> Matches, IReadOnlyList<UnmatchedNode> Missing, IReadOnlyList<UnmatchedNode> Extra)
{
    /// <summary>Status of each reference box (path → matched, changed or missing), for colouring its drawing.</summary>
    public IReadOnlyDictionary<string, BoxStatus> ReferenceStatus() =>
        Matches.Select(m => (m.Reference, Status: m.Cost == 0 ? BoxStatus.Matched : BoxStatus.Changed))
            .Concat(Missing.Select(p => (Reference: p.Path, Status: BoxStatus.Missing)))
            .ToDictionary(p => p.Reference, p => p.Status, StringComparer.Ordinal);

    /// <summary>Status of each candidate box (path → matched, changed or extra), for colouring its drawing.</summary>
    public IReadOnlyDictionary<string, BoxStatus> CandidateStatus() =>
        Matches.Select(m => (m.Candidate, Status: m.Cost == 0 ? BoxStatus.Matched : BoxStatus.Changed))
            .Concat(Extra.Select(p => (Candidate: p.Path, Status: BoxStatus.Extra)))
            .ToDictionary(p => p.Candidate, p => p.Status, StringComparer.Ordinal);
}

/// <summary>JSON (snake_case) for <see cref="GraphSimilarity"/>, by source generation.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(GraphSimilarity))]
public sealed partial class GraphSimilarityJson : JsonSerializerContext;

/// <summary>Ready-made serializer contexts for <see cref="GraphSimilarity"/>.</summary>
public sealed partial class GraphSimilarityJson
{
    /// <summary>
    /// Like <see cref="Default"/> but without escaping characters such as <c>+</c> and <c>&lt;</c>, so
    /// labels read as written (<c>"+ 1"</c>, not <c>"\u002B 1"</c>); for terminals and files, not for inlining into HTML.
    /// </summary>
    public static GraphSimilarityJson Readable { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
