using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Graph;

/// <summary>
/// Turns a parsed patch into its <see cref="PatchGraph"/>: subpatches (and graphs) flattened through
/// their <c>inlet</c>/<c>outlet</c> objects, taken in x order as Pd numbers a subpatch's ports;
/// send/receive names (objects, IEM GUIs, atoms, message-box <c>; name …</c> lines) joined by
/// wireless edges; comments set aside.
/// </summary>
public static class PatchGraphBuilder
{
    /// <summary>Builds the graph of <paramref name="patch"/>, naming classes through <paramref name="catalog"/>.</summary>
    public static PatchGraph Build(PdPatch patch, IObjectCatalog catalog) => Build(patch.Root, catalog);

    /// <summary>Builds the graph of a canvas and everything in it.</summary>
    public static PatchGraph Build(PdCanvas root, IObjectCatalog catalog)
    {
        var draft = new Draft(catalog);
        draft.AddCanvas(root, "", isRoot: true);
        draft.SpliceRelays();
        draft.AddWireless();
        return draft.Finish();
    }

    private sealed class Draft(IObjectCatalog catalog)
    {
        private readonly List<GraphNode?> _nodes = []; // null marks a relay (a subpatch's inlet/outlet object)
        private readonly List<PdBox> _boxes = [];
        private readonly List<GraphEdge> _edges = [];
        private readonly List<GraphComment> _comments = [];

        /// <summary>Adds a canvas's boxes and wires; returns the relay node of each of its inlets and outlets, in Pd's port order.</summary>
        public (int[] Inlets, int[] Outlets) AddCanvas(PdCanvas canvas, string prefix, bool isRoot)
        {
            int n = canvas.Boxes.Count;
            var node = new int[n];
            var subInlets = new int[n][];
            var subOutlets = new int[n][];
            var inlets = new List<(double X, int Node)>();
            var outlets = new List<(double X, int Node)>();
            for (int i = 0; i < n; i++)
            {
                var box = canvas.Boxes[i];
                string path = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                node[i] = -1;
                switch (box.Kind)
                {
                    case PdBoxKind.Comment:
                        _comments.Add(new GraphComment(path, box.Text));
                        continue;
                    case PdBoxKind.Subpatch or PdBoxKind.Graph when box.Subcanvas is { } sub:
                        (subInlets[i], subOutlets[i]) = AddCanvas(sub, path + "/", isRoot: false);
                        continue;
                }
                string cls = box.Kind == PdBoxKind.Object ? NodeLabel.CanonicalClass(box.ClassName, catalog) : "";
                if (!isRoot && cls is "inlet" or "inlet~" or "outlet" or "outlet~")
                {
                    node[i] = AddRelay(box);
                    (cls.StartsWith("inlet", StringComparison.Ordinal) ? inlets : outlets).Add((box.X, node[i]));
                    continue;
                }
                var (label, className) = NodeLabel.Of(box, catalog);
                node[i] = _nodes.Count;
                _nodes.Add(new GraphNode(path, label, className, box.Kind));
                _boxes.Add(box);
            }

            foreach (var c in canvas.Connections)
            {
                if (c.Source >= n || c.Sink >= n) continue;
                int s = node[c.Source], o = c.Outlet, t = node[c.Sink], k = c.Inlet;
                if (subOutlets[c.Source] is { } so) { if (o >= so.Length) continue; s = so[o]; o = 0; }
                if (subInlets[c.Sink] is { } si) { if (k >= si.Length) continue; t = si[k]; k = 0; }
                if (s < 0 || t < 0) continue;
                _edges.Add(new GraphEdge(s, o, t, k));
            }
            // Pd orders a subpatch's inlets and outlets by their x position (a stable sort keeps ties in creation order).
            return (inlets.OrderBy(p => p.X).Select(p => p.Node).ToArray(), outlets.OrderBy(p => p.X).Select(p => p.Node).ToArray());
        }

        private int AddRelay(PdBox box)
        {
            _nodes.Add(null);
            _boxes.Add(box);
            return _nodes.Count - 1;
        }

        /// <summary>Replaces each relay by wires from everything feeding it to everything it feeds.</summary>
        public void SpliceRelays()
        {
            for (int r = 0; r < _nodes.Count; r++)
            {
                if (_nodes[r] is not null) continue;
                var into = _edges.Where(e => e.Sink == r && e.Source != r).ToList();
                var outOf = _edges.Where(e => e.Source == r && e.Sink != r).ToList();
                _edges.RemoveAll(e => e.Sink == r || e.Source == r);
                foreach (var a in into)
                    foreach (var b in outOf)
                        _edges.Add(new GraphEdge(a.Source, a.Outlet, b.Sink, b.Inlet));
            }
        }

        /// <summary>Adds an edge from every sender of a name to every receiver of it.</summary>
        public void AddWireless()
        {
            var senders = new Dictionary<(string Bus, string Name), List<int>>();
            var receivers = new Dictionary<(string Bus, string Name), List<int>>();
            void Add(Dictionary<(string, string), List<int>> map, string bus, string? name, int id)
            {
                if (string.IsNullOrEmpty(name) || name is "empty" or "-") return;
                if (!map.TryGetValue((bus, name), out var list)) map[(bus, name)] = list = [];
                if (!list.Contains(id)) list.Add(id);
            }
            for (int id = 0; id < _nodes.Count; id++)
            {
                if (_nodes[id] is not { } node) continue;
                var box = _boxes[id];
                var args = box.Arguments;
                string? Arg(int i) => i < args.Count && args[i].Kind is not (PdAtomKind.Semicolon or PdAtomKind.Comma) ? NodeLabel.Word(args[i]) : null;
                switch (box.Kind)
                {
                    case PdBoxKind.Message:
                        for (int i = 0; i + 1 < box.Content.Count; i++)
                            if (IsSemicolon(box.Content[i]) && box.Content[i + 1].IsSymbol)
                                Add(senders, "", box.Content[i + 1].Value, id);
                        continue;
                    case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox:
                        Add(receivers, "", Arg(5), id);
                        Add(senders, "", Arg(6), id);
                        continue;
                    case not PdBoxKind.Object:
                        continue;
                }
                switch (node.ClassName)
                {
                    case "send": Add(senders, "", Arg(0), id); break;
                    case "receive": Add(receivers, "", Arg(0), id); break;
                    case "send~": Add(senders, "~", Arg(0), id); break;
                    case "receive~": Add(receivers, "~", Arg(0), id); break;
                    case "throw~": Add(senders, "throw~", Arg(0), id); break;
                    case "catch~": Add(receivers, "throw~", Arg(0), id); break;
                    // [value name] objects share one variable: each one both writes and reads it.
                    case "value": Add(senders, "value", Arg(0), id); Add(receivers, "value", Arg(0), id); break;
                }
                var (send, receive) = IemNames(box.ClassName, node.ClassName, args);
                if (send >= 0) Add(senders, "", Arg(send), id);
                if (receive >= 0) Add(receivers, "", Arg(receive), id);
            }
            foreach (var (key, from) in senders.OrderBy(kv => kv.Key.Bus, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal))
                if (receivers.TryGetValue(key, out var to))
                    foreach (var s in from)
                        foreach (var r in to)
                            if (s != r) _edges.Add(new GraphEdge(s, GraphEdge.Wireless, r, GraphEdge.Wireless));
        }

        // In a saved message box the separator is the escaped word "\;", which the parser reads as a symbol.
        private static bool IsSemicolon(PdAtom a) => a.Kind == PdAtomKind.Semicolon || (a.Kind == PdAtomKind.Symbol && a.Value == ";");

        // Argument positions of the send and receive names of IEM GUIs (-1: none), as Pd saves them.
        private static (int Send, int Receive) IemNames(string written, string canonical, IReadOnlyList<PdAtom> args)
        {
            if (args.Count == 0) return (-1, -1);
            foreach (var cls in new[] { written, canonical })
                switch (cls)
                {
                    case "bng": return (4, 5);
                    case "tgl" or "toggle": return (2, 3);
                    case "nbx" or "my_numbox" or "hsl" or "vsl" or "hslider" or "vslider": return (6, 7);
                    case "hradio" or "vradio" or "hdl" or "vdl": return (4, 5);
                    case "vu": return (-1, 2);
                    case "cnv" or "my_canvas": return (3, 4);
                }
            return (-1, -1);
        }

        public PatchGraph Finish()
        {
            var newIndex = new int[_nodes.Count];
            var nodes = new List<GraphNode>();
            for (int i = 0; i < _nodes.Count; i++)
            {
                newIndex[i] = -1;
                if (_nodes[i] is { } n) { newIndex[i] = nodes.Count; nodes.Add(n); }
            }
            var edges = _edges.Select(e => new GraphEdge(newIndex[e.Source], e.Outlet, newIndex[e.Sink], e.Inlet)).ToArray();
            return new PatchGraph(nodes, edges, _comments);
        }
    }
}
