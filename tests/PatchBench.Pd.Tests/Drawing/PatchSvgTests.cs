using System.Xml.Linq;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Drawing;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;
using PatchBench.Pd.Tests.Corpus;
using PatchBench.Pd.Tests.Graph;

namespace PatchBench.Pd.Tests.Drawing;

public class PatchSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static IObjectCatalog Catalog => ObjectCatalog.Vanilla;

    [Fact]
    public void Every_debian_patch_draws_as_well_formed_svg_with_every_box_and_wire()
    {
        var problems = new List<string>();
        int drawings = 0, boxes = 0, wires = 0;
        foreach (var file in DebianCorpus.Files)
        {
            var patch = PdParser.Parse(File.ReadAllBytes(file));
            var svgs = PatchSvg.RenderAll(patch, Catalog);
            foreach (var (path, canvas) in Canvases(patch.Root, ""))
            {
                if (!svgs.TryGetValue(path, out var svg)) { problems.Add($"{file}: no drawing for canvas '{path}'"); continue; }
                XDocument doc;
                try { doc = XDocument.Parse(svg); }
                catch (System.Xml.XmlException ex) { problems.Add($"{file} '{path}': not well-formed: {ex.Message}"); continue; }
                drawings++;
                var root = doc.Root!;
                if (root.Name != Svg + "svg" || root.Attribute("viewBox") is null) problems.Add($"{file} '{path}': not a standalone svg with a viewBox");
                var drawnBoxes = root.Descendants().Select(e => (string?)e.Attribute("data-box")).OfType<string>().ToList();
                string prefix = path.Length == 0 ? "" : path + "/";
                var expected = canvas.Boxes.Select(b => prefix + b.Index).ToList();
                if (!drawnBoxes.Order().SequenceEqual(expected.Order())) problems.Add(
                    $"{file} '{path}': drew {drawnBoxes.Count} boxes, expected {expected.Count}");
                int validWires = canvas.Connections.Count(c => c.Source < canvas.Boxes.Count && c.Sink < canvas.Boxes.Count);
                int drawnWires = root.Descendants().Count(e => e.Attribute("data-connection") is not null);
                if (drawnWires != validWires) problems.Add($"{file} '{path}': drew {drawnWires} wires, expected {validWires}");
                boxes += drawnBoxes.Count;
                wires += drawnWires;
            }
        }
        Console.WriteLine($"drew {DebianCorpus.Files.Count} patches: {drawings} canvases, {boxes} boxes, {wires} wires");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        Assert.True(drawings > 1000 && boxes > 20000 && wires > 10000, $"only {drawings} drawings, {boxes} boxes, {wires} wires");
    }

    [Fact]
    public void Drawing_is_deterministic_and_sized_to_its_content()
    {
        const string text = """
            #N canvas 0 0 450 300 12;
            #X obj 100 50 osc~ 440;
            #X obj 100 90 *~ 0.1;
            #X obj 100 130 dac~;
            #X msg 250 50 \; pd dsp 1;
            #X floatatom 250 90 5 0 0 0 - - - 0;
            #X obj 250 130 bng 19 250 50 0 empty empty empty 0 -8 0 12 #fcfcfc #000000 #000000;
            #X text 300 200 a comment & <friends>;
            #X connect 0 0 1 0;
            #X connect 1 0 2 0;
            #X connect 1 0 2 1;
            """;
        var patch = PdParser.Parse(text);
        string a = PatchSvg.Render(patch, Catalog), b = PatchSvg.Render(PdParser.Parse(text), Catalog);
        Assert.Equal(a, b);
        var doc = XDocument.Parse(a);
        var viewBox = doc.Root!.Attribute("viewBox")!.Value.Split(' ').Select(double.Parse).ToArray();
        // Boxes span x 100..~400 and y 50..~220; the view box hugs them with a small margin.
        Assert.InRange(viewBox[0], 80, 100);
        Assert.InRange(viewBox[1], 30, 50);
        Assert.InRange(viewBox[0] + viewBox[2], 400, 520);
        Assert.InRange(viewBox[1] + viewBox[3], 215, 260);
        // The 12-point font of the header is Pd's 12 (7×16 cells): DejaVu Sans Mono shrunk to 11.62px fits a 7-pixel cell.
        Assert.Equal("11.62px", doc.Root.Attribute("font-size")!.Value);
        Assert.Contains(doc.Descendants(Svg + "circle"), e => e.Parent!.Attribute("data-box")!.Value == "5");
        Assert.Contains(doc.Descendants(Svg + "polygon"), e => e.Parent!.Attribute("data-box")!.Value == "3");
        Assert.Contains("a comment &amp; &lt;friends&gt;", a);
    }

    [Fact]
    public void Signal_wires_are_thick_and_control_wires_thin_by_port_kind()
    {
        const string text = """
            #N canvas 0 0 450 300 10;
            #X obj 10 10 osc~ 440;
            #X obj 10 50 snapshot~;
            #X obj 10 90 print;
            #X connect 0 0 1 0;
            #X connect 1 0 2 0;
            """;
        var doc = XDocument.Parse(PatchSvg.Render(PdParser.Parse(text), Catalog));
        var wires = doc.Descendants(Svg + "line").Where(e => e.Attribute("data-connection") is not null)
            .ToDictionary(e => e.Attribute("data-connection")!.Value, e => e.Attribute("class")!.Value);
        Assert.Equal("wire signal", wires["0 0 1 0"]);
        Assert.Equal("wire control", wires["1 0 2 0"]);
    }

    [Fact]
    public void Similarity_statuses_colour_boxes_and_add_a_legend()
    {
        const string reference = """
            #N canvas 0 0 450 300 12;
            #X obj 30 30 metro 100;
            #X obj 30 60 f;
            #X obj 30 90 print;
            #X connect 0 0 1 0;
            #X connect 1 0 2 0;
            """;
        const string candidate = """
            #N canvas 0 0 450 300 12;
            #X obj 30 30 metro 200;
            #X obj 30 60 f;
            #X obj 90 60 + 1;
            #X connect 0 0 1 0;
            """;
        var (r, c) = (PdParser.Parse(reference), PdParser.Parse(candidate));
        var result = GraphComparer.Compare(r, c, AliasCatalog.Instance);
        var refSvg = XDocument.Parse(PatchSvg.Render(r, Catalog, result.ReferenceStatus(), "reference"));
        var candSvg = XDocument.Parse(PatchSvg.Render(c, Catalog, result.CandidateStatus(), "candidate"));
        string FillOf(XDocument d, string path) => d.Descendants().First(e => (string?)e.Attribute("data-box") == path)
            .Elements().First(e => e.Attribute("fill") is not null).Attribute("fill")!.Value;
        Assert.Equal(PatchSvg.Palette[BoxStatus.Changed].Fill, FillOf(candSvg, "0"));
        Assert.Equal(PatchSvg.Palette[BoxStatus.Matched].Fill, FillOf(candSvg, "1"));
        Assert.Equal(PatchSvg.Palette[BoxStatus.Extra].Fill, FillOf(candSvg, "2"));
        Assert.Equal(PatchSvg.Palette[BoxStatus.Missing].Fill, FillOf(refSvg, "2"));
        var legend = candSvg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").Select(g => g.Value).ToArray();
        Assert.Equal(["matched", "changed", "extra"], legend);
    }

    private static IEnumerable<(string Path, PdCanvas Canvas)> Canvases(PdCanvas canvas, string path)
    {
        yield return (path, canvas);
        foreach (var box in canvas.Boxes)
            if (box.Subcanvas is { } sub)
                foreach (var inner in Canvases(sub, (path.Length == 0 ? "" : path + "/") + box.Index))
                    yield return inner;
    }
}
