using FsCheck;
using FsCheck.Fluent;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;
using PatchBench.Pd.Tests.Corpus;

namespace PatchBench.Pd.Tests.Graph;

public class GraphPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150);

    private static PatchGraph G(PdPatch p) => PatchGraphBuilder.Build(p, ObjectCatalog.Vanilla);
    private static GraphSimilarity Compare(PdPatch a, PdPatch b) => GraphComparer.Compare(G(a), G(b));

    /// <summary>
    /// Real patches from Debian's corpus used as seeds: every third one with 2–150 boxes in all
    /// (bigger ones only slow the tests down; the assignment is cubic).
    /// </summary>
    private static readonly PdPatch[] DebianSeeds = DebianCorpus.Files
        .Where((_, i) => i % 3 == 0)
        .Select(f => PdParser.Parse(File.ReadAllBytes(f)))
        .Where(p => !p.HasErrors && p.Root.Boxes.Count >= 2 && p.Canvases.Sum(c => c.Boxes.Count) <= 150)
        .ToArray();

    private static readonly string[] Vocabulary =
    [
        "obj metro 100", "obj f", "obj + 1", "obj t b f", "obj print", "obj sel 1 2", "obj osc~ 440", "obj *~ 0.5",
        "obj dac~", "obj s foo", "obj r foo", "obj pack f f", "obj random 10", "msg bang", "msg 1 2 3", "floatatom 5 0 0 0 - - -",
        "obj tgl 15 0 empty empty empty 17 7 0 10 #fcfcfc #000000 #000000 0 1", "obj moses 5", "obj line", "obj spigot",
    ];

    /// <summary>A random flat patch: boxes from a small vocabulary, wires between random ports.</summary>
    private static readonly Gen<PdPatch> Synthetic =
        from n in Gen.Choose(1, 14)
        from words in Gen.Elements(Vocabulary).ArrayOf(n)
        from wires in Gen.Choose(0, 2 * n).SelectMany(k => Gen.Four(Gen.Choose(0, n - 1)).ArrayOf(k))
        select PdParser.Parse("#N canvas 0 0 500 400 12;\n"
            + string.Concat(words.Select((w, i) => $"#X {w.Split(' ')[0]} {10 + 37 * i % 300} {10 + 23 * i} {w[(w.IndexOf(' ') + 1)..]};\n"))
            + string.Concat(wires.Select(w => (w.Item1, w.Item2 % 2, w.Item3, w.Item4 % 2)).Distinct()
                .Select(w => $"#X connect {w.Item1} {w.Item2} {w.Item3} {w.Item4};\n")));

    private static readonly Gen<PdPatch> Seeds = Gen.Frequency((1, Gen.Elements(DebianSeeds)), (1, Synthetic));

    private static readonly Arbitrary<(PdPatch Patch, int Seed)> SeedAndRandom =
        Gen.Zip(Seeds, Gen.Choose(0, int.MaxValue)).ToArbitrary();

    [Fact]
    public void Debian_seeds_are_available()
    {
        Assert.True(DebianSeeds.Length >= 40, $"only {DebianSeeds.Length} seed patches");
    }

    [Fact]
    public void Isomorphic_rewrites_score_exactly_one()
    {
        Prop.ForAll(SeedAndRandom, t =>
        {
            var rng = new Random(t.Seed);
            var p = t.Patch;
            int edits = rng.Next(1, 16); // a non-empty subset of the four rewrites
            if ((edits & 1) != 0) p = ShuffleRandomly(p, rng);
            if ((edits & 2) != 0) p = PatchEdits.Move(p, Enumerable.Range(0, 7).Select(_ => (rng.Next(-300, 300), rng.Next(-300, 300))).ToArray());
            if ((edits & 4) != 0) p = PatchEdits.Respell(p);
            if ((edits & 8) != 0) p = SubpatchRandomly(p, rng);
            var s = Compare(t.Patch, p);
            return s.Graph == 1 && s.NodesF1 == 1 && s.EdgesF1 == 1 && s.EditCost == 0 && s.Missing.Count == 0 && s.Extra.Count == 0;
        }).Check(Quick);
    }

    [Fact]
    public void Scores_are_symmetric()
    {
        var pairs = Gen.Zip(Seeds, Seeds).ToArbitrary();
        Prop.ForAll(pairs, t =>
        {
            var ab = Compare(t.Item1, t.Item2);
            var ba = Compare(t.Item2, t.Item1);
            return ab.NodesF1 == ba.NodesF1 && ab.EdgesF1 == ba.EdgesF1 && ab.Graph == ba.Graph && ab.EditCost == ba.EditCost;
        }).Check(Quick);
    }

    [Fact]
    public void Deleting_a_node_lowers_graph_strictly()
    {
        Prop.ForAll(SeedAndRandom, t =>
        {
            var nodes = NodeBoxes(t.Patch);
            if (nodes.Length == 0) return true;
            var edited = PatchEdits.Delete(t.Patch, nodes[new Random(t.Seed).Next(nodes.Length)]);
            return Compare(t.Patch, edited).Graph < 1 && Compare(edited, t.Patch).Graph < 1;
        }).Check(Quick);
    }

    [Fact]
    public void Rewiring_an_edge_lowers_graph_strictly()
    {
        int changed = 0;
        Prop.ForAll(SeedAndRandom, t =>
        {
            var rng = new Random(t.Seed);
            var root = t.Patch.Root;
            var nodes = NodeBoxes(t.Patch);
            var wires = Enumerable.Range(0, root.Connections.Count)
                .Where(i => nodes.Contains(root.Connections[i].Source) && nodes.Contains(root.Connections[i].Sink)).ToArray();
            if (wires.Length == 0) return true;
            var edited = PatchEdits.Rewire(t.Patch, wires[rng.Next(wires.Length)], nodes[rng.Next(nodes.Length)], rng.Next(3));
            var (before, after) = (G(t.Patch), G(edited));
            // Only a rewire that changes the typed-edge multiset is sure to change the graph.
            if (GraphComparer.MultisetF1(before.Edges.Select(before.TypedEdge), after.Edges.Select(after.TypedEdge)) == 1) return true;
            Interlocked.Increment(ref changed);
            return GraphComparer.Compare(before, after).Graph < 1;
        }).Check(Quick);
        Assert.True(changed >= 50, $"only {changed} of the generated rewires changed the wiring");
    }

    [Fact]
    public void Changing_a_class_lowers_graph_strictly()
    {
        Prop.ForAll(SeedAndRandom, t =>
        {
            var objects = NodeBoxes(t.Patch).Where(i => t.Patch.Root.Boxes[i].Kind == PdBoxKind.Object).ToArray();
            if (objects.Length == 0) return true;
            var edited = PatchEdits.Reclass(t.Patch, objects[new Random(t.Seed).Next(objects.Length)], "no-such-class");
            return Compare(t.Patch, edited).Graph < 1;
        }).Check(Quick);
    }

    [Fact]
    public void An_empty_candidate_scores_zero()
    {
        var empty = PdParser.Parse("#N canvas 0 0 450 300 12;\n");
        Prop.ForAll(Seeds.ToArbitrary(), p =>
        {
            if (G(p).Nodes.Count == 0) return true;
            var s = Compare(p, empty);
            return s.Graph == 0 && s.NodesF1 == 0 && s.EdgesF1 == 0;
        }).Check(Quick);
    }

    [Fact]
    public void Unrelated_debian_patches_score_low()
    {
        // Neighbouring seeds come from different help files; pair each with the one 7 places on.
        var scores = Enumerable.Range(0, DebianSeeds.Length)
            .Select(i => Compare(DebianSeeds[i], DebianSeeds[(i + 7) % DebianSeeds.Length]).Graph).ToArray();
        Console.WriteLine($"unrelated pairs: mean graph {scores.Average():F3}, max {scores.Max():F3}, n {scores.Length}");
        Assert.True(scores.Average() < 0.25, $"mean graph score of unrelated pairs {scores.Average():F3}");
        Assert.True(scores.Count(s => s > 0.6) <= scores.Length / 20, $"{scores.Count(s => s > 0.6)} unrelated pairs above 0.6");
    }

    [Fact]
    public void Assignment_is_optimal_on_small_matrices()
    {
        var matrices = Gen.Choose(1, 6).SelectMany(n => Gen.Choose(0, 20).ArrayOf(n * n).Select(c => (n, c))).ToArbitrary();
        Prop.ForAll(matrices, t =>
        {
            var (n, c) = t;
            var cost = c.Select(x => (double)x).ToArray();
            var rows = LinearAssignment.Solve(cost, n);
            double found = rows.Select((j, i) => cost[i * n + j]).Sum();
            return rows.Distinct().Count() == n && found == BruteForce(cost, n);
        }).Check(Quick);
    }

    private static double BruteForce(double[] cost, int n)
    {
        double best = double.PositiveInfinity;
        void Go(int row, bool[] used, double sum)
        {
            if (row == n) { best = Math.Min(best, sum); return; }
            for (int j = 0; j < n; j++)
                if (!used[j]) { used[j] = true; Go(row + 1, used, sum + cost[row * n + j]); used[j] = false; }
        }
        Go(0, new bool[n], 0);
        return best;
    }

    /// <summary>Root boxes that become graph nodes (not comments, subpatches, or graphs).</summary>
    private static int[] NodeBoxes(PdPatch p) => p.Root.Boxes
        .Where(b => b.Kind is PdBoxKind.Object or PdBoxKind.Message or PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox)
        .Select(b => b.Index).ToArray();

    private static PdPatch ShuffleRandomly(PdPatch p, Random rng)
    {
        var order = Enumerable.Range(0, p.Root.Boxes.Count).ToArray();
        var wires = Enumerable.Range(0, p.Root.Connections.Count).ToArray();
        rng.Shuffle(order);
        rng.Shuffle(wires);
        return PatchEdits.Shuffle(p, order, wires);
    }

    private static PdPatch SubpatchRandomly(PdPatch p, Random rng)
    {
        // Root-level inlets and outlets are the patch's own ports; moving them inside would make them relays.
        var movable = p.Root.Boxes.Where(b => b.Kind != PdBoxKind.Object || b.ClassName is not ("inlet" or "inlet~" or "outlet" or "outlet~"))
            .Select(b => b.Index).Where(_ => rng.Next(2) == 0).ToHashSet();
        return PatchEdits.Subpatch(p, movable);
    }
}
