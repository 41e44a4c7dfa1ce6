using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;

namespace PatchBench.Pd.Graph;

/// <summary>
/// Compares two object graphs: label and typed-edge F1, and a graph edit distance approximated
/// as Riesen and Bunke do: one linear assignment over node substitution costs that include each
/// node's incident edges, then the exact edit cost of the node mapping it induces.
/// </summary>
/// <remarks>
/// Costs: inserting or deleting a node or an edge costs 1; substituting a node costs 0 for the
/// same label, 1 for the same class with other arguments, 2 (a deletion plus an insertion) for
/// another class, so unrelated patches score near 0 rather than earning credit for mere size; an edge is kept for free
/// when both its ends are mapped and the other graph has the same wire (same ports) between their
/// images. The assignment runs in both directions and the cheaper mapping wins, so the score is
/// symmetric.
/// </remarks>
public static class GraphComparer
{
    private const int RefinementRounds = 3;
    // Colour agreement only breaks ties: all its terms together stay far below the smallest real cost step (0.5).
    private const double RefinementWeight = 0.001;

    /// <summary>Parses nothing: builds both graphs with <paramref name="catalog"/> and compares them.</summary>
    public static GraphSimilarity Compare(PdPatch reference, PdPatch candidate, IObjectCatalog catalog) =>
        Compare(PatchGraphBuilder.Build(reference, catalog), PatchGraphBuilder.Build(candidate, catalog));

    /// <summary>Compares a candidate graph with the reference graph.</summary>
    public static GraphSimilarity Compare(PatchGraph reference, PatchGraph candidate)
    {
        var symbols = new Dictionary<string, int>(StringComparer.Ordinal);
        var a = Prepared.Of(reference, symbols);
        var b = Prepared.Of(candidate, symbols);

        int n = a.Count, m = b.Count;
        double maxCost = n + m + a.Edges.Length + b.Edges.Length;
        int[] map;
        double cost;
        if (n == 0 || m == 0)
        {
            map = Enumerable.Repeat(-1, n).ToArray();
            cost = maxCost;
        }
        else
        {
            bool alike;
            (map, cost, alike) = BestMapping(reference, a, candidate, b, individualise: false);
            // Still not exact although colour refinement cannot tell the graphs apart: they may be
            // isomorphic with symmetric parts, so break the symmetry and try again.
            if (cost > 0 && alike)
            {
                var (again, againCost, _) = BestMapping(reference, a, candidate, b, individualise: true);
                if (againCost < cost) (map, cost) = (again, againCost);
            }
        }

        if (n > 0 && m > 0) Unpair(a, b, map);
        var matches = new List<NodeMatch>();
        var missing = new List<UnmatchedNode>();
        var matchedCandidates = new bool[m];
        for (int i = 0; i < n; i++)
        {
            if (map[i] < 0) { missing.Add(new UnmatchedNode(reference.Nodes[i].Path, reference.Nodes[i].Label)); continue; }
            matchedCandidates[map[i]] = true;
            var (r, c) = (reference.Nodes[i], candidate.Nodes[map[i]]);
            matches.Add(new NodeMatch(r.Path, c.Path, r.Label, c.Label, LabelCost(a, i, b, map[i])));
        }
        var extra = Enumerable.Range(0, m).Where(j => !matchedCandidates[j]).Select(j => new UnmatchedNode(candidate.Nodes[j].Path, candidate.Nodes[j].Label))
            .ToList();

        bool oneEmpty = (n == 0) != (m == 0);
        double nodesF1 = oneEmpty ? 0 : MultisetF1(a.Labels, b.Labels);
        double edgesF1 = oneEmpty ? 0 : MultisetF1(a.TypedEdges(), b.TypedEdges());
        double graph = maxCost == 0 ? 1 : Math.Clamp(1 - cost / maxCost, 0, 1);
        return new GraphSimilarity(nodesF1, edgesF1, graph, cost, maxCost, n, m, a.Edges.Length, b.Edges.Length, matches, missing, extra);
    }

    /// <summary>
    /// The cheaper of the mappings found by assigning in one orientation or the other. The
    /// orientation is chosen from the graphs' contents, not their roles, and both are tried when
    /// the contents tie, so the result is the same whichever patch is the reference.
    /// </summary>
    /// <returns>The mapping, its exact cost, and whether colour refinement found the graphs indistinguishable.</returns>
    private static (int[] Map, double Cost, bool Alike) BestMapping(PatchGraph reference, Prepared a, PatchGraph candidate, Prepared b, bool individualise)
    {
        int order = Orientation(reference, a, candidate, b);
        int[]? forward = null, backward = null;
        bool alike = false;
        if (order <= 0)
        {
            var (ca, cb) = ColourRefinement.Colours(a.Labels, a.Wires, b.Labels, b.Wires, RefinementRounds, individualise);
            bool same = ColourRefinement.SameHistogram(ca[^1], cb[^1]);
            alike |= same;
            // After individualisation, unequal histograms mean this orientation paired the wrong nodes: skip it.
            if (!individualise || same) forward = Assign(a, ca, b, cb);
        }
        // On a content tie the first orientation's exact mapping cannot be improved on; either call order ends with cost 0 then.
        bool exactAlready = forward is not null && ExactCost(a, b, forward) == 0;
        if (order >= 0 && !exactAlready)
        {
            var (cb, ca) = ColourRefinement.Colours(b.Labels, b.Wires, a.Labels, a.Wires, RefinementRounds, individualise);
            bool same = ColourRefinement.SameHistogram(ca[^1], cb[^1]);
            alike |= same;
            if (!individualise || same) backward = Invert(Assign(b, cb, a, ca), a.Count);
        }
        double fc = forward is null ? double.PositiveInfinity : ExactCost(a, b, forward);
        double bc = backward is null ? double.PositiveInfinity : ExactCost(a, b, backward);
        if (forward is null && backward is null) return (Enumerable.Repeat(-1, a.Count).ToArray(), double.PositiveInfinity, alike);
        return bc < fc ? (backward!, bc, alike) : (forward!, fc, alike);
    }

    // Which graph goes first: fewer nodes, then fewer edges, then a smaller content digest; 0 when all tie.
    private static int Orientation(PatchGraph x, Prepared px, PatchGraph y, Prepared py)
    {
        int c = px.Count.CompareTo(py.Count);
        if (c == 0) c = px.Edges.Length.CompareTo(py.Edges.Length);
        if (c == 0) c = Digest(x).CompareTo(Digest(y));
        return Math.Sign(c);
    }

    /// <summary>
    /// An order-independent, run-independent digest of a graph's label and typed-edge multisets
    /// (sums of FNV-1a hashes): equal for isomorphic graphs, and a stable tie-breaker otherwise.
    /// </summary>
    private static ulong Digest(PatchGraph g)
    {
        var labels = new ulong[g.Nodes.Count];
        ulong sum = 0;
        for (int i = 0; i < labels.Length; i++) sum += labels[i] = Fnv(g.Nodes[i].Label);
        foreach (var e in g.Edges)
            sum += Mix(labels[e.Source] * 31 + (ulong)(e.Outlet + 1) * 0x9E3779B97F4A7C15UL + Mix(labels[e.Sink] + (ulong)(e.Inlet + 1)));
        return sum;
    }

    private static ulong Fnv(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in s) { h ^= ch; h *= 1099511628211UL; }
        return Mix(h);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    /// <summary>F1 of two multisets: 2·|A∩B| / (|A|+|B|); 1 when both are empty.</summary>
    public static double MultisetF1<T>(IEnumerable<T> a, IEnumerable<T> b) where T : notnull
    {
        var counts = new Dictionary<T, int>();
        int na = 0, nb = 0, common = 0;
        foreach (var x in a) { counts[x] = counts.GetValueOrDefault(x) + 1; na++; }
        foreach (var x in b)
        {
            nb++;
            if (counts.TryGetValue(x, out int c) && c > 0) { counts[x] = c - 1; common++; }
        }
        return na + nb == 0 ? 1 : 2.0 * common / (na + nb);
    }

    private static double LabelCost(Prepared a, int i, Prepared b, int j) =>
        a.Labels[i] == b.Labels[j] ? 0 : a.Classes[i] == b.Classes[j] ? 1 : 2;

    /// <summary>Maps rows of <paramref name="a"/> to columns of <paramref name="b"/> (−1: deleted) by one square assignment.</summary>
    private static int[] Assign(Prepared a, int[][] colourA, Prepared b, int[][] colourB)
    {
        int n = a.Count, m = b.Count, size = Math.Max(n, m);
        // Serratosa's square form of Riesen-Bunke's (n+m)² matrix: valid because substituting never costs more than deleting plus inserting.
        var cost = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            int row = i * size;
            for (int j = 0; j < size; j++)
                cost[row + j] = i < n && j < m ? Substitution(a, colourA, i, b, colourB, j)
                    : i < n ? 1 + a.Local[i].Length / 2.0
                    : j < m ? 1 + b.Local[j].Length / 2.0
                    : 0;
        }
        var assigned = LinearAssignment.Solve(cost, size);
        var map = new int[n];
        for (int i = 0; i < n; i++) map[i] = assigned[i] < m ? assigned[i] : -1;
        return map;
    }

    private static double Substitution(Prepared a, int[][] colourA, int i, Prepared b, int[][] colourB, int j)
    {
        double c = LabelCost(a, i, b, j);
        // Each edge is seen from both of its ends, so half an edge's cost lands on each.
        c += SortedMismatch(a.Local[i], b.Local[j]) / 2.0;
        int differ = 0;
        for (int r = 0; r < colourA.Length; r++)
            if (colourA[r][i] != colourB[r][j]) differ++;
        return c + RefinementWeight * differ;
    }

    private static int SortedMismatch(long[] x, long[] y)
    {
        int i = 0, j = 0, common = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j]) { common++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        return x.Length + y.Length - 2 * common;
    }

    private static int[] Invert(int[] map, int n)
    {
        var inverse = Enumerable.Repeat(-1, n).ToArray();
        for (int j = 0; j < map.Length; j++)
            if (map[j] >= 0) inverse[map[j]] = j;
        return inverse;
    }

    /// <summary>
    /// Drops pairs of different classes that keep no wire: such a substitution costs exactly a
    /// deletion plus an insertion, so the cost is unchanged and the boxes show as missing and extra.
    /// </summary>
    private static void Unpair(Prepared a, Prepared b, int[] map)
    {
        var anchored = new bool[a.Count];
        var wires = new Dictionary<GraphEdge, int>(b.Edges.Length);
        foreach (var e in b.Edges) wires[e] = wires.GetValueOrDefault(e) + 1;
        foreach (var e in a.Edges)
        {
            int s = map[e.Source], t = map[e.Sink];
            if (s < 0 || t < 0) continue;
            var image = new GraphEdge(s, e.Outlet, t, e.Inlet);
            if (wires.TryGetValue(image, out int c) && c > 0) { wires[image] = c - 1; anchored[e.Source] = anchored[e.Sink] = true; }
        }
        for (int i = 0; i < a.Count; i++)
            if (map[i] >= 0 && a.Classes[i] != b.Classes[map[i]] && !anchored[i]) map[i] = -1;
    }

    /// <summary>The exact edit cost of turning <paramref name="a"/> into <paramref name="b"/> under a node mapping.</summary>
    private static double ExactCost(Prepared a, Prepared b, int[] map)
    {
        double cost = 0;
        var used = new bool[b.Count];
        for (int i = 0; i < a.Count; i++)
        {
            if (map[i] < 0) { cost += 1; continue; }
            used[map[i]] = true;
            cost += LabelCost(a, i, b, map[i]);
        }
        foreach (bool u in used) if (!u) cost += 1;

        var wires = new Dictionary<GraphEdge, int>(b.Edges.Length);
        foreach (var e in b.Edges) wires[e] = wires.GetValueOrDefault(e) + 1;
        int kept = 0;
        foreach (var e in a.Edges)
        {
            int s = map[e.Source], t = map[e.Sink];
            if (s < 0 || t < 0) continue;
            var image = new GraphEdge(s, e.Outlet, t, e.Inlet);
            if (wires.TryGetValue(image, out int c) && c > 0) { wires[image] = c - 1; kept++; }
        }
        return cost + (a.Edges.Length - kept) + (b.Edges.Length - kept);
    }

    /// <summary>A graph reduced to integers: interned labels and classes, each node's incident edges as sorted keys.</summary>
    private sealed class Prepared
    {
        public required int[] Labels { get; init; }
        public required int[] Classes { get; init; }
        public required GraphEdge[] Edges { get; init; }
        public required long[][] Local { get; init; }
        public required ColourRefinement.Wire[][] Wires { get; init; }
        public int Count => Labels.Length;

        public static Prepared Of(PatchGraph g, Dictionary<string, int> symbols)
        {
            int Intern(string s)
            {
                if (!symbols.TryGetValue(s, out int id)) symbols[s] = id = symbols.Count;
                return id;
            }
            var labels = g.Nodes.Select(x => Intern(x.Label)).ToArray();
            var classes = g.Nodes.Select(x => Intern("class:" + x.ClassName)).ToArray();
            var edges = g.Edges.ToArray();
            return new Prepared
            {
                Labels = labels, Classes = classes, Edges = edges, Local = LocalKeys(labels, edges),
                Wires = ColourRefinement.Wires(labels.Length, edges),
            };
        }

        public IEnumerable<(int, int, int, int)> TypedEdges() => Edges.Select(e => (Labels[e.Source], e.Outlet, Labels[e.Sink], e.Inlet));

        /// <summary>Each node's incident edges as (direction, own port, far port, far node's colour), sorted.</summary>
        public static long[][] LocalKeys(int[] colour, GraphEdge[] edges)
        {
            var lists = new List<long>[colour.Length];
            for (int i = 0; i < lists.Length; i++) lists[i] = [];
            foreach (var e in edges)
            {
                lists[e.Source].Add(Key(0, e.Outlet, e.Inlet, colour[e.Sink]));
                lists[e.Sink].Add(Key(1, e.Inlet, e.Outlet, colour[e.Source]));
            }
            return lists.Select(l => { var arr = l.ToArray(); Array.Sort(arr); return arr; }).ToArray();
        }

        private static long Key(int direction, int own, int far, int colour) =>
            ((long)colour << 23) | ((long)(Math.Clamp(own + 1, 0, 1023)) << 13) | ((long)(Math.Clamp(far + 1, 0, 1023)) << 3) | (long)direction;
    }
}
