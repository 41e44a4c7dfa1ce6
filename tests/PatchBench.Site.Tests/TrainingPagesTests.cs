using System.Xml.Linq;
using AngleSharp.Html.Parser;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;
using PatchBench.Site.Pages;
using PatchBench.Site.Results;
using PatchBench.Site.Tests.Charts;

namespace PatchBench.Site.Tests;

/// <summary>The training-family and gate pages, built from the hand-written training.json, contamination.md and gate summary in the fixture.</summary>
[Collection(SiteCollection.Name)]
public sealed class TrainingPagesTests(SiteFixture site)
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void The_training_page_has_the_loss_curve_the_checkpoints_by_step_and_the_rendered_contamination_report()
    {
        var html = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "training", "tiny-pd.html")));
        Assert.Equal("Training: tiny-pd", html.QuerySelector("h1")!.TextContent.Trim());
        // The loss chart: inline SVG, and the .svg and .png files beside it.
        var svgFile = Path.Combine(site.Site, "charts", "training-tiny-pd-loss.svg");
        var chart = SvgInspection.ParseChart(File.ReadAllText(svgFile));
        Assert.Contains("tiny-pd: training loss", SvgInspection.Texts(chart));
        var desc = chart.Element(SvgInspection.Svg + "desc")!.Value;
        Assert.Contains("training loss: 0 → 5.61, 25 → 3.9, 50 → 2.8, 100 → 2.05, 150 → 1.7, 200 → 1.42", desc);
        Assert.Contains("checkpoints: 100 → 2.05, 200 → 1.42", desc);
        Assert.True(new FileInfo(Path.ChangeExtension(svgFile, ".png")).Length > 1000);
        Assert.NotNull(html.QuerySelector("figure svg[role=img]"));
        // Checkpoints in step order, whatever order training.json lists them in.
        var rows = html.QuerySelectorAll("table#checkpoints tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["tiny-pd-step100", "100", "409,600", "2.05", "models/tiny-pd-step100.gguf", "—"], rows[0]);
        Assert.Equal(["tiny-pd-step200", "200", "819,200", "1.42", "models/tiny-pd-step200.gguf", "models/tiny-pd-step200-onnx"], rows[1]);
        Assert.Contains("5120 training tokens/s", html.Body!.TextContent);
        Assert.Contains("15.5 min wall time", html.Body!.TextContent);
        // contamination.md as HTML, its heading under the page's "Contamination" section, the code block's '#' line untouched.
        var h3 = html.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Contamination of tiny-pd's training data", h3);
        Assert.Contains(html.QuerySelectorAll("table td"), td => td.TextContent.Trim() == "core");
        Assert.Contains(html.QuerySelectorAll("pre code"), c => c.TextContent.Contains("# not a heading: a line of a code block"));
        // Settings, strings unquoted.
        Assert.Contains(html.QuerySelectorAll("td"), td => td.TextContent.Trim() == "suites/fewshot + puredata-doc");
    }

    [Fact]
    public void The_gate_page_renders_each_summary_and_the_index_links_both_pages()
    {
        var gate = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "gate.html")));
        Assert.Equal("step200-vs-step100", gate.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal("Gate: PASS", gate.QuerySelector("h3")!.TextContent.Trim());
        Assert.Contains(gate.QuerySelectorAll("td"), td => td.TextContent.Trim() == "+0.03");
        var index = File.ReadAllText(Path.Combine(site.Site, "index.md"));
        Assert.Contains("(training/tiny-pd.md)", index);
        Assert.Contains("[CI gate summaries (1)](gate.md)", index);
        var indexHtml = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "index.html")));
        Assert.Contains(indexHtml.QuerySelectorAll("a"), a => a.GetAttribute("href") == "training/tiny-pd.html");
        Assert.Contains(indexHtml.QuerySelectorAll("a"), a => a.GetAttribute("href") == "gate.html");
    }

    [Fact]
    public void Without_training_and_gate_folders_the_site_has_neither_page_nor_link()
    {
        var root = Path.Combine(Path.GetTempPath(), "patchbench-site-no-training-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var results = Path.Combine(root, "results");
            var run = Directory.GetDirectories(site.Results, "core-reference-*").Single();
            Directory.CreateDirectory(Path.Combine(results, Path.GetFileName(run)));
            foreach (var f in Directory.GetFiles(run)) File.Copy(f, Path.Combine(results, Path.GetFileName(run), Path.GetFileName(f)));
            var built = SiteBuilder.Build(results, Path.Combine(root, "site"));
            Assert.Empty(built.Warnings);
            Assert.False(Directory.Exists(Path.Combine(root, "site", "training")));
            Assert.False(File.Exists(Path.Combine(root, "site", "gate.html")));
            var index = File.ReadAllText(Path.Combine(root, "site", "index.md"));
            Assert.DoesNotContain("training/", index);
            Assert.DoesNotContain("gate.md", index);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_broken_training_json_is_one_warning_naming_the_file_and_line_and_the_rest_is_built()
    {
        var root = Path.Combine(Path.GetTempPath(), "patchbench-site-bad-training-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var results = Path.Combine(root, "results");
            Directory.CreateDirectory(Path.Combine(results, "training", "broken"));
            Directory.CreateDirectory(Path.Combine(results, "training", "wrong"));
            File.WriteAllText(Path.Combine(results, "training", "broken", "training.json"), "{\n  \"family\": \"broken\",\n  \"steps\": ,\n}");
            File.WriteAllText(Path.Combine(results, "training", "wrong", "training.json"), """{ "family": "wrong", "checkpoints": [ { "name": "c", "step": "ten" } ] }""");
            SiteFixture.WriteTrainingAndGate(results);
            var warnings = new List<SiteWarning>();
            var families = TrainingResults.LoadFamilies(results, warnings);
            Assert.Equal(["tiny-pd"], families.Select(f => f.Family));
            Assert.Equal(2, warnings.Count);
            Assert.EndsWith(Path.Combine("broken", "training.json"), warnings[0].File);
            Assert.Equal(3, warnings[0].Line);
            Assert.Contains("not valid JSON", warnings[0].Message);
            Assert.Equal("checkpoints[0]: expected a number \"step\", got \"ten\"; family left out", warnings[1].Message);
            Assert.DoesNotContain('\n', warnings[1].ToString());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Headings_move_down_but_not_past_level_six_and_code_blocks_stay()
    {
        Assert.Equal("### A\n\ntext\n\n#### B\n", TrainingPages.DemoteHeadings("# A\n\ntext\n\n## B\n", 2));
        Assert.Equal("###### Deep\n", TrainingPages.DemoteHeadings("##### Deep", 2));
        Assert.Equal("```\n# x\n```\n", TrainingPages.DemoteHeadings("```\n# x\n```\n", 2));
        Assert.Equal("Setext\n===\n", TrainingPages.DemoteHeadings("Setext\n===\n", 2));
    }

    [Fact]
    public void Demoting_only_adds_hash_marks() =>
        Prop.ForAll(Gen.Elements("#` =-ab\n".ToCharArray()).ArrayOf().Select(c => new string(c)).ToArbitrary(), md =>
        {
            var demoted = TrainingPages.DemoteHeadings(md, 2);
            return demoted.Replace("#", "").TrimEnd('\n') == md.Replace("#", "").TrimEnd('\n')
                && demoted.Count(c => c == '#') >= md.Count(c => c == '#');
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_scatter_legend_sits_below_every_point_even_one_in_the_lower_left()
    {
        var spec = new ScatterChartSpec("Legend", "tokens/s", "score",
        [
            new ScatterPoint("slow-weak", 1, 0.05), new ScatterPoint("mid", 50, 0.5), new ScatterPoint("fast-good", 100, 0.95),
            new ScatterPoint("fast-weak", 100, 0.1),
        ]);
        var root = SvgInspection.ParseChart(SiteCharts.Scatter(spec).Svg);
        var legend = root.Descendants(SvgInspection.Svg + "text").First(t => t.Value.Trim().StartsWith("Pareto front", StringComparison.Ordinal));
        var legendY = TextY(legend);
        var points = SvgInspection.Hotspots(root, "point").Select(SvgInspection.Centre).ToList();
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.True(legendY > p.Y + 20, $"legend at y={legendY} overlaps a point at y={p.Y}"));
    }

    // Skia writes text positions as x/y attributes, possibly lists, possibly under a translate.
    private static double TextY(XElement text)
    {
        var y = ((string?)text.Attribute("y") ?? "0").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(SvgInspection.Number).DefaultIfEmpty(0).First();
        foreach (var g in text.AncestorsAndSelf())
            if ((string?)g.Attribute("transform") is { } t && t.StartsWith("translate(", StringComparison.Ordinal))
                y += SvgInspection.Number(t["translate(".Length..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "0");
        return y;
    }
}
