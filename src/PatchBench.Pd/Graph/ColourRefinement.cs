namespace PatchBench.Pd.Graph;

/// <summary>
/// Weisfeiler-Lehman colour refinement run over two graphs at once, so that equal colours mean
/// "same place in the wiring" across both. It breaks the ties that node labels and local edges
/// leave open in the assignment: without it, two identical sub-chains could be cross-matched and
/// an isomorphic patch would not score exactly 1.
/// </summary>
internal static class ColourRefinement
{
    /// <summary>A node's wires as (direction, own port, far port, far node).</summary>
    internal readonly record struct Wire(int Direction, int Own, int Far, int Node);

    /// <summary>Each node's wires, from an edge list.</summary>
    public static Wire[][] Wires(int count, IReadOnlyList<GraphEdge> edges)
    {
        var lists = new List<Wire>[count];
        for (int i = 0; i < count; i++) lists[i] = [];
        foreach (var e in edges)
        {
            lists[e.Source].Add(new Wire(0, e.Outlet, e.Inlet, e.Sink));
            lists[e.Sink].Add(new Wire(1, e.Inlet, e.Outlet, e.Source));
        }
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>
    /// The first <paramref name="rounds"/> refinement rounds (graded similarity of neighbourhoods),
    /// then a final colouring: refined until stable and, with <paramref name="individualise"/>, while
    /// both graphs have the same colour histogram, made discrete by pairing the first nodes of a shared class and refining again
    /// (individualisation-refinement). For isomorphic graphs that final colouring pairs nodes by an
    /// isomorphism.
    /// </summary>
    public static (int[][] A, int[][] B) Colours(int[] labelsA, Wire[][] wiresA, int[] labelsB, Wire[][] wiresB, int rounds, bool individualise)
    {
        var names = new Dictionary<(int, ulong), int>();
        var ra = new int[rounds + 1][];
        var rb = new int[rounds + 1][];
        int[] ca = labelsA, cb = labelsB;
        for (int r = 0; r < rounds; r++)
        {
            (ca, cb) = (Round(ca, wiresA, names), Round(cb, wiresB, names));
            ra[r] = ca;
            rb[r] = cb;
        }
        (ca, cb) = Stabilise(ca, wiresA, cb, wiresB, names);
        while (individualise && SameHistogram(ca, cb) && FirstSharedClass(ca) is int colour and >= 0)
        {
            int fresh = int.MaxValue - names.Count; // never produced by naming, which counts up from 0
            ca = (int[])ca.Clone();
            cb = (int[])cb.Clone();
            ca[Array.IndexOf(ca, colour)] = fresh;
            cb[Array.IndexOf(cb, colour)] = fresh;
            names[(fresh, 0)] = fresh;
            (ca, cb) = Stabilise(ca, wiresA, cb, wiresB, names);
        }
        ra[rounds] = ca;
        rb[rounds] = cb;
        return (ra, rb);
    }

    private static (int[], int[]) Stabilise(int[] ca, Wire[][] wa, int[] cb, Wire[][] wb, Dictionary<(int, ulong), int> names)
    {
        int classes = Distinct(ca, cb);
        while (true)
        {
            var (na, nb) = (Round(ca, wa, names), Round(cb, wb, names));
            int next = Distinct(na, nb);
            (ca, cb) = (na, nb);
            if (next == classes) return (ca, cb);
            classes = next;
        }
    }

    private static int[] Round(int[] colour, Wire[][] wires, Dictionary<(int, ulong), int> names)
    {
        var next = new int[colour.Length];
        var buffer = new ulong[16];
        for (int i = 0; i < colour.Length; i++)
        {
            var w = wires[i];
            if (buffer.Length < w.Length) buffer = new ulong[w.Length * 2];
            var k = buffer.AsSpan(0, w.Length);
            for (int j = 0; j < w.Length; j++)
                k[j] = Mix(((ulong)(uint)colour[w[j].Node] << 32) | ((ulong)(uint)(w[j].Own + 1) << 17) | ((ulong)(uint)(w[j].Far
                    + 1) << 2) | (uint)w[j].Direction);
            k.Sort();
            ulong h = 14695981039346656037UL;
            foreach (var x in k) h = Mix(h ^ x);
            var key = (colour[i], h);
            if (!names.TryGetValue(key, out int id)) names[key] = id = names.Count;
            next[i] = id;
        }
        return next;
    }

    // SplitMix64's finaliser: cheap, and spreads every input bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    private static int Distinct(int[] a, int[] b)
    {
        var set = new HashSet<int>(a);
        set.UnionWith(b);
        return set.Count;
    }

    /// <summary>True when both colourings use each colour equally often (necessary for the graphs to be isomorphic).</summary>
    public static bool SameHistogram(int[] a, int[] b)
    {
        if (a.Length != b.Length) return false;
        var x = (int[])a.Clone();
        var y = (int[])b.Clone();
        Array.Sort(x);
        Array.Sort(y);
        return x.AsSpan().SequenceEqual(y);
    }

    // The class with two or more members whose first member comes first: a deterministic choice that does not depend on which graph is "A".
    private static int FirstSharedClass(int[] colour)
    {
        var seen = new HashSet<int>();
        foreach (int c in colour)
            if (!seen.Add(c)) return c;
        return -1;
    }
}
