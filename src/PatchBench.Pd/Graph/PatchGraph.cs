using PatchBench.Pd.Model;

namespace PatchBench.Pd.Graph;

/// <summary>
/// One node of a patch's object graph: a box that does something (object, message, atom, array),
/// named by its path so a drawing can find the box again.
/// </summary>
/// <param name="Path">
/// Where the box sits: its index in the root canvas, preceded by the indices of the subpatch boxes
/// that contain it, joined by <c>/</c> (<c>3</c> is root box 3, <c>5/2</c> is box 2 of the subpatch
/// that is root box 5). The same paths key <see cref="Drawing.PatchSvg"/>'s colouring.
/// </param>
/// <param name="Label">Canonical class plus normalised arguments (<c>trigger bang float</c>), or <c>msg …</c> for messages.</param>
/// <param name="ClassName">The canonical class alone (<c>trigger</c>, <c>msg</c>, <c>floatatom</c>), used to price near misses.</param>
/// <param name="Kind">The box kind it came from.</param>
public sealed record GraphNode(string Path, string Label, string ClassName, PdBoxKind Kind);

/// <summary>
/// A directed edge: outlet <paramref name="Outlet"/> of node <paramref name="Source"/> feeds inlet
/// <paramref name="Inlet"/> of node <paramref name="Sink"/>. Send/receive pairs use
/// <see cref="Wireless"/> for both port numbers.
/// </summary>
/// <param name="Source">Index of the source node in <see cref="PatchGraph.Nodes"/>.</param>
/// <param name="Outlet">Outlet number, or <see cref="Wireless"/>.</param>
/// <param name="Sink">Index of the sink node.</param>
/// <param name="Inlet">Inlet number, or <see cref="Wireless"/>.</param>
public readonly record struct GraphEdge(int Source, int Outlet, int Sink, int Inlet)
{
    /// <summary>The port number of both ends of an edge made by a send/receive name rather than a wire.</summary>
    public const int Wireless = -1;

    /// <summary>True for an edge made by a shared send/receive name.</summary>
    public bool IsWireless => Outlet == Wireless;
}

/// <summary>A comment, kept apart from the graph so that it never changes a score.</summary>
/// <param name="Path">The comment box's path (see <see cref="GraphNode.Path"/>).</param>
/// <param name="Text">Its words.</param>
public sealed record GraphComment(string Path, string Text);

/// <summary>
/// A patch as an object graph: subpatches flattened through their inlets and outlets, send/receive
/// pairs turned into edges, layout and comments left out.
/// </summary>
/// <param name="Nodes">The nodes, in depth-first box order.</param>
/// <param name="Edges">The edges, each once per wire (duplicates only where Pd itself would send twice).</param>
/// <param name="Comments">The comments, outside the graph.</param>
public sealed record PatchGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, IReadOnlyList<GraphComment> Comments)
{
    /// <summary>The graph with no nodes: what an empty or unreadable candidate becomes.</summary>
    public static PatchGraph Empty { get; } = new([], [], []);

    /// <summary>An edge as text typed by its ends' labels: <c>sourceLabel:outlet → sinkLabel:inlet</c>.</summary>
    public string TypedEdge(GraphEdge e) => $"{Nodes[e.Source].Label}:{Port(e.Outlet)} → {Nodes[e.Sink].Label}:{Port(e.Inlet)}";

    private static string Port(int p) => p == GraphEdge.Wireless ? "~" : p.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
