using System.Text.Json;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;

namespace PatchBench.Pd.Tests.Graph;

public class GraphExampleTests
{
    private static PatchGraph G(string text) => PatchGraphBuilder.Build(PdParser.Parse(text), ObjectCatalog.Vanilla);
    private static GraphSimilarity Compare(string a, string b) => GraphComparer.Compare(G(a), G(b));

    private const string Counter = """
        #N canvas 0 0 450 300 12;
        #X obj 30 30 metro 100;
        #X obj 30 60 f;
        #X obj 70 60 + 1;
        #X obj 30 90 t b f;
        #X obj 30 120 print count;
        #X text 200 30 counts forever;
        #X connect 0 0 1 0;
        #X connect 1 0 2 0;
        #X connect 2 0 1 1;
        #X connect 1 0 3 0;
        #X connect 3 1 4 0;
        """;

    [Fact]
    public void Labels_use_canonical_classes_and_normalised_arguments()
    {
        var g = G(Counter);
        Assert.Equal(["metro 100", "float", "+ 1", "trigger bang float", "print count"], g.Nodes.Select(n => n.Label));
        Assert.Equal(["0", "1", "2", "3", "4"], g.Nodes.Select(n => n.Path));
        Assert.Single(g.Comments);
        Assert.Contains("float:0 → trigger bang float:0", g.Edges.Select(g.TypedEdge));
        var spelledOut = G(Counter.Replace("#X obj 30 90 t b f;", "#X obj 31 95 trigger bang float;").Replace("+ 1;", "+ 1.0;").Replace("f;", "float;"));
        Assert.Equal(g.Nodes.Select(n => n.Label), spelledOut.Nodes.Select(n => n.Label));
        var score = GraphComparer.Compare(g, spelledOut);
        Assert.Equal((1.0, 1.0, 1.0), (score.NodesF1, score.EdgesF1, score.Graph));
    }

    [Fact]
    public void A_subpatch_flattens_through_its_inlets_and_outlets_in_x_order()
    {
        // [+ 1] and [print count] live in a subpatch whose inlets are created right to left.
        const string split = """
            #N canvas 0 0 450 300 12;
            #X obj 30 30 metro 100;
            #X obj 30 60 f;
            #N canvas 0 0 300 200 inner 0;
            #X obj 150 10 inlet;
            #X obj 10 10 inlet;
            #X obj 10 40 + 1;
            #X obj 150 40 t b f;
            #X obj 150 70 print count;
            #X obj 10 70 outlet;
            #X connect 1 0 2 0;
            #X connect 2 0 5 0;
            #X connect 0 0 3 0;
            #X connect 3 1 4 0;
            #X restore 80 60 pd inner;
            #X connect 0 0 1 0;
            #X connect 1 0 2 0;
            #X connect 2 0 1 1;
            #X connect 1 0 2 1;
            """;
        var g = G(split);
        Assert.Equal(["metro 100", "float", "+ 1", "trigger bang float", "print count"], g.Nodes.Select(n => n.Label));
        Assert.Equal(["0", "1", "2/2", "2/3", "2/4"], g.Nodes.Select(n => n.Path));
        var score = Compare(Counter, split);
        Assert.Equal(1.0, score.Graph);
        Assert.Equal(0.0, score.EditCost);
        Assert.Contains(score.Matches, m => m.Reference == "2" && m.Candidate == "2/2");
    }

    [Fact]
    public void Subpatch_inlets_are_numbered_by_x_not_by_creation_order()
    {
        const string text = """
            #N canvas 0 0 450 300 12;
            #X obj 10 10 r left;
            #X obj 90 10 r right;
            #N canvas 0 0 300 200 inner 0;
            #X obj 100 10 inlet;
            #X obj 10 10 inlet;
            #X obj 100 40 print from-second-created;
            #X obj 10 40 print from-first-created;
            #X connect 0 0 2 0;
            #X connect 1 0 3 0;
            #X restore 10 60 pd inner;
            #X connect 0 0 2 0;
            #X connect 1 0 2 1;
            """;
        var g = G(text);
        var wires = g.Edges.Select(g.TypedEdge).Order().ToArray();
        Assert.Equal(["receive left:0 → print from-first-created:0", "receive right:0 → print from-second-created:0"], wires);
    }

    [Fact]
    public void Send_and_receive_names_become_wireless_edges()
    {
        const string text = """
            #N canvas 0 0 450 300 12;
            #X obj 10 10 s foo;
            #X obj 10 40 r foo;
            #X msg 10 70 \; foo 1 \; bar 2;
            #X obj 10 100 tgl 15 0 bar-out bar empty 17 7 0 10 #fcfcfc #000000 #000000 0 1;
            #X obj 10 130 r bar-out;
            #X obj 10 160 throw~ mix;
            #X obj 10 190 catch~ mix;
            #X obj 10 220 r~ nothing-sends-here;
            #X obj 10 250 v shared;
            #X obj 10 280 value shared;
            """;
        var g = G(text);
        var edges = g.Edges.Where(e => e.IsWireless).Select(e => (g.Nodes[e.Source].Path, g.Nodes[e.Sink].Path)).Order().ToArray();
        Assert.Equal([("0", "1"), ("2", "1"), ("2", "3"), ("3", "4"), ("5", "6"), ("8", "9"), ("9", "8")], edges);
    }

    [Fact]
    public void Empty_candidate_scores_zero_and_two_empty_patches_score_one()
    {
        const string empty = "#N canvas 0 0 450 300 12;\n#X text 10 10 only a comment;\n";
        var s = Compare(Counter, empty);
        Assert.Equal((0.0, 0.0, 0.0), (s.NodesF1, s.EdgesF1, s.Graph));
        Assert.Equal(5, s.Missing.Count);
        var both = Compare(empty, empty);
        Assert.Equal((1.0, 1.0, 1.0), (both.NodesF1, both.EdgesF1, both.Graph));
    }

    [Fact]
    public void A_changed_argument_costs_less_than_a_changed_class()
    {
        var s = Compare(Counter, Counter.Replace("metro 100", "metro 200"));
        Assert.Equal(1.0, s.EditCost);
        Assert.Equal(BoxStatus.Changed, s.CandidateStatus()["0"]);
        Assert.Equal(BoxStatus.Matched, s.CandidateStatus()["1"]);
        var other = Compare(Counter, Counter.Replace("metro 100", "delay 100"));
        Assert.Equal(2.0, other.EditCost);
        // [delay 100] still sits where [metro 100] was (its wire to [f] is kept), so it stays paired, as changed.
        Assert.Equal(BoxStatus.Changed, other.CandidateStatus()["0"]);
        Assert.True(other.Graph < s.Graph);
    }

    [Fact]
    public void Json_uses_snake_case_names()
    {
        var s = Compare(Counter, Counter.Replace("print count", "print other"));
        string json = JsonSerializer.Serialize(s, GraphSimilarityJson.Default.GraphSimilarity);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(s.Graph, doc.RootElement.GetProperty("graph").GetDouble());
        Assert.Equal(0.8, doc.RootElement.GetProperty("nodes_f1").GetDouble(), 9);
        Assert.Equal("4", doc.RootElement.GetProperty("matches")[4].GetProperty("reference").GetString());
        Assert.True(doc.RootElement.TryGetProperty("edges_f1", out _));
        string readable = JsonSerializer.Serialize(s, GraphSimilarityJson.Readable.GraphSimilarity);
        Assert.Contains("\"reference_label\": \"+ 1\"", readable);
        Assert.Equal(json.Replace("\\u002B", "+"), readable);
    }
}
