using System.Text;
using BenchmarkDotNet.Attributes;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;

namespace PatchBench.Benchmarks;

/// <summary>
/// Graph similarity of two 100-box patches (the target: under 2 ms): a reference and a
/// candidate that differs in about a tenth of its boxes and wires, and the reference against a
/// reshuffled copy of itself (the exact-isomorphism path with colour refinement).
/// </summary>
[MemoryDiagnoser]
public class SimilarityBenchmark
{
    private PatchGraph _reference = PatchGraph.Empty, _candidate = PatchGraph.Empty, _shuffled = PatchGraph.Empty;
    private PdPatch _referencePatch = null!, _candidatePatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        string reference = RandomPatch(new Random(1), 100, mutate: null);
        string candidate = RandomPatch(new Random(1), 100, mutate: new Random(2));
        _referencePatch = PdParser.Parse(reference);
        _candidatePatch = PdParser.Parse(candidate);
        _reference = PatchGraphBuilder.Build(_referencePatch, ObjectCatalog.Vanilla);
        _candidate = PatchGraphBuilder.Build(_candidatePatch, ObjectCatalog.Vanilla);
        _shuffled = PatchGraphBuilder.Build(Shuffle(_referencePatch, new Random(3)), ObjectCatalog.Vanilla);
    }

    /// <summary>Compare two built graphs (the scorer's work).</summary>
    [Benchmark(Baseline = true)]
    public GraphSimilarity CompareGraphs() => GraphComparer.Compare(_reference, _candidate);

    /// <summary>Compare a graph with an isomorphic copy whose boxes are in another order.</summary>
    [Benchmark]
    public GraphSimilarity CompareIsomorphic() => GraphComparer.Compare(_reference, _shuffled);

    /// <summary>Build both graphs from parsed patches and compare them.</summary>
    [Benchmark]
    public GraphSimilarity BuildAndCompare() => GraphComparer.Compare(_referencePatch, _candidatePatch, ObjectCatalog.Vanilla);

    private static readonly string[] Words =
    [
        "obj metro 100", "obj f", "obj + 1", "obj t b f", "obj print", "obj sel 1 2", "obj osc~ 440", "obj *~ 0.5",
        "obj dac~", "obj pack f f", "obj random 10", "msg bang", "msg 1 2 3", "floatatom 5 0 0 0 - - -", "obj moses 5",
        "obj line", "obj spigot", "obj lop~ 1000", "obj mtof", "obj int",
    ];

    /// <summary>A patch of <paramref name="boxes"/> boxes and about 1.2 wires per box; with <paramref name="mutate"/>, about 10% of boxes and wires
    /// differ.</summary>
    public static string RandomPatch(Random rng, int boxes, Random? mutate)
    {
        var sb = new StringBuilder("#N canvas 0 0 800 600 12;\n");
        for (int i = 0; i < boxes; i++)
        {
            string w = Words[rng.Next(Words.Length)];
            if (mutate is not null && mutate.Next(10) == 0) w = Words[mutate.Next(Words.Length)];
            sb.Append($"#X {w.Split(' ')[0]} {rng.Next(700)} {rng.Next(500)} {w[(w.IndexOf(' ') + 1)..]};\n");
        }
        for (int k = 0; k < boxes * 12 / 10; k++)
        {
            int s = rng.Next(boxes), t = rng.Next(boxes), o = rng.Next(2), i = rng.Next(2);
            if (mutate is not null && mutate.Next(10) == 0) t = mutate.Next(boxes);
            sb.Append($"#X connect {s} {o} {t} {i};\n");
        }
        return sb.ToString();
    }

    private static PdPatch Shuffle(PdPatch p, Random rng)
    {
        var order = Enumerable.Range(0, p.Root.Boxes.Count).ToArray();
        rng.Shuffle(order);
        var newIndex = new int[order.Length];
        for (int k = 0; k < order.Length; k++) newIndex[order[k]] = k;
        var root = p.Root with
        {
            Boxes = order.Select((old, k) => p.Root.Boxes[old] with { Index = k }).ToArray(),
            Connections = p.Root.Connections.Select(c => c with { Source = newIndex[c.Source], Sink = newIndex[c.Sink] }).ToArray(),
        };
        return PdParser.Parse(PdWriter.Write(root));
    }
}
