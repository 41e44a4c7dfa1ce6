using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

public class SvgChartsTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60);
    private static bool Usable(double v) => double.IsFinite(v) && Math.Abs(v) <= 1e12;
    private static bool Usable(double? v) => v is { } x && Usable(x);

    private static void AssertHotspotsInsideViewBox(XElement root)
    {
        var box = SvgInspection.ViewBox(root);
        foreach (var e in root.Descendants().Where(e => e.Name.LocalName is "circle" or "rect"
            && e.Ancestors().Any(a => (string?)a.Attribute("class") == "hotspots")))
        {
            var (x, y) = SvgInspection.Centre(e);
            Assert.True(x >= -1 && x <= box.Width + 1 && y >= -1 && y <= box.Height + 1, $"{e} outside {box.Width}×{box.Height}");
            Assert.NotNull(e.Element(SvgInspection.Svg + "title"));
        }
    }

    [Fact]
    public void Random_scatter_charts_are_well_formed_with_a_hotspot_per_usable_point_and_the_front_marked()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Scatter), spec =>
        {
            var root = SvgInspection.ParseChart(SiteCharts.Scatter(spec).Svg);
            AssertHotspotsInsideViewBox(root);
            var drawn = spec.Points.Where(p => Usable(p.X) && Usable(p.Y) && (!spec.LogX || p.X > 0)).ToList();
            Assert.Equal(drawn.Count, SvgInspection.Hotspots(root, "point").Count());
            int front = spec.ParetoFront ? ParetoFront.Of(drawn.Select(p => (p.X, p.Y)).ToList()).Count : 0;
            Assert.Equal(front, SvgInspection.Hotspots(root, "front").Count());
            Assert.Equal(drawn.Count(p => ChartRendering.SafeHref(p.Href) is not null), root.Descendants(SvgInspection.Svg + "a").Count());
        }).Check(Runs);
    }

    [Fact]
    public void Random_bar_charts_are_well_formed_with_a_hotspot_per_usable_value()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Bars), spec =>
        {
            var root = SvgInspection.ParseChart(SiteCharts.Bars(spec).Svg);
            AssertHotspotsInsideViewBox(root);
            Assert.Equal(spec.Groups.Sum(g => g.Values.Count(v => Usable(v.Value))), SvgInspection.Hotspots(root, "bar").Count());
            Assert.True(root.Descendants(SvgInspection.Svg + "line")
                .Count(l => (string?)l.Attribute("class") == "refline") <= spec.Lines!.Count(l => Usable(l.Value)));
        }).Check(Runs);
    }

    [Fact]
    public void Random_line_charts_are_well_formed_with_a_hotspot_per_usable_marked_point()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Lines), spec =>
        {
            var root = SvgInspection.ParseChart(SiteCharts.Lines(spec).Svg);
            AssertHotspotsInsideViewBox(root);
            int usable = spec.Series.Where(s => s.Markers).Sum(s =>
                s.Points.Count(p => Usable(p.X) && Usable(p.Y) && (!spec.XIsDate || p.X is >= -25567 and <= 83572)));
            Assert.Equal(usable, SvgInspection.Hotspots(root, "point").Count());
        }).Check(Runs);
    }

    [Fact]
    public void Random_histograms_are_well_formed_with_a_hotspot_per_usable_count()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Histogram), spec =>
        {
            var root = SvgInspection.ParseChart(SiteCharts.Histogram(spec).Svg);
            AssertHotspotsInsideViewBox(root);
            int series = Math.Max(1, spec.SeriesNames.Count);
            Assert.Equal(spec.Rows.Sum(r => r.Counts.Take(series).Count(c => Usable(c) && c >= 0)), SvgInspection.Hotspots(root, "bar").Count());
        }).Check(Runs);
    }

    [Fact]
    public void Same_input_gives_the_same_bytes_whatever_was_drawn_before()
    {
        // Skia numbers clip paths per process: drawing other charts in between must not change a chart's bytes.
        var first = SiteCharts.Bars(ChartSamples.Categories, "bars");
        _ = SiteCharts.Scatter(ChartSamples.Scatter, "scatter");
        _ = SiteCharts.Lines(ChartSamples.Checkpoints, "lines");
        var again = SiteCharts.Bars(ChartSamples.Categories, "bars");
        Assert.Equal(first.Svg, again.Svg);
        Assert.DoesNotContain("clip", first.Svg);
        var pngA = SiteCharts.Lines(ChartSamples.Loss, "loss", png: true).Png!;
        var pngB = SiteCharts.Lines(ChartSamples.Loss, "loss", png: true).Png!;
        Assert.Equal(pngA, pngB);
    }

    [Fact]
    public void Charts_on_one_page_get_distinct_ids()
    {
        var a = SvgInspection.ParseChart(SiteCharts.Bars(ChartSamples.Categories, "a").Svg);
        var b = SvgInspection.ParseChart(SiteCharts.Bars(ChartSamples.Categories, "b").Svg);
        var ids = a.DescendantsAndSelf().Concat(b.DescendantsAndSelf()).Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Text_is_real_svg_text_in_dejavu_sans()
    {
        var root = SvgInspection.ParseChart(SiteCharts.Bars(ChartSamples.Categories).Svg);
        var texts = SvgInspection.Texts(root);
        Assert.Contains("Functional pass rate by category", texts);
        Assert.Contains("control", texts);
        Assert.Contains("pass rate", texts);
        Assert.All(root.Descendants(SvgInspection.Svg + "text"), t => Assert.Equal(ChartFont.Family, (string?)t.Attribute("font-family")));
    }

    [Fact]
    public void Empty_charts_say_no_data()
    {
        foreach (var svg in new[]
                 {
                     SiteCharts.Scatter(new ScatterChartSpec("Empty", "x", "y", [])).Svg,
                     SiteCharts.Bars(new BarChartSpec("Empty", "y", [])).Svg,
                     SiteCharts.Lines(new LineChartSpec("Empty", "x", "y", [])).Svg,
                     SiteCharts.Histogram(new HistogramSpec("Empty", [], [])).Svg,
                 })
            Assert.Contains("No data", SvgInspection.Texts(SvgInspection.ParseChart(svg)));
    }

    [Fact]
    public void One_point_is_its_own_front_with_its_name_beside_it()
    {
        var root = SvgInspection.ParseChart(SiteCharts.Scatter(new ScatterChartSpec("One", "tokens/s", "score", [new ScatterPoint("solo", 42, 0.5)])).Svg);
        var marker = Assert.Single(SvgInspection.Hotspots(root, "front"));
        Assert.Contains("solo", marker.Value);
        Assert.Contains("solo", SvgInspection.Texts(root));
    }

    [Fact]
    public void Text_is_escaped_shortened_with_an_ellipsis_and_kept_whole_in_tooltips()
    {
        var longLabel = "an-extremely-long-model-name-" + new string('x', 200);
        var svg = SiteCharts.Bars(new BarChartSpec("<Scores> & \"quotes\"", "score", [new BarGroup(longLabel, [new BarValue("s<1>", 0.5)])])).Svg;
        var root = SvgInspection.ParseChart(svg);
        Assert.Equal("<Scores> & \"quotes\"", root.Element(SvgInspection.Svg + "title")!.Value);
        Assert.Contains(SvgInspection.Texts(root), t => t.StartsWith("an-extremely", StringComparison.Ordinal) && t.EndsWith('…'));
        Assert.Contains(longLabel, Assert.Single(SvgInspection.Hotspots(root, "bar")).Value);
        Assert.Contains("&lt;Scores&gt; &amp;", svg);
    }

    [Fact]
    public void Only_relative_and_http_links_are_kept()
    {
        var svg = SiteCharts.Scatter(new ScatterChartSpec("Links", "x", "y",
        [
            new ScatterPoint("a", 1, 1, Href: "runs/a.html"),
            new ScatterPoint("b", 2, 0.5, Href: "javascript:alert(1)"),
            new ScatterPoint("c", 3, 0.2, Href: "https://example.org/?q=1&r=2"),
        ])).Svg;
        var hrefs = SvgInspection.ParseChart(svg).Descendants(SvgInspection.Svg + "a").Select(a => (string)a.Attribute("href")!).ToArray();
        Assert.Equal(["https://example.org/?q=1&r=2", "runs/a.html"], hrefs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Pareto_front_points_are_marked_and_listed_slowest_to_fastest()
    {
        var root = SvgInspection.ParseChart(SiteCharts.Scatter(ChartSamples.Scatter).Svg);
        var front = ParetoFront.Of(ChartSamples.Scatter.Points.Select(p => (p.X, p.Y)).ToList());
        var marked = SvgInspection.Hotspots(root, "front").Select(e => e.Value).ToList();
        Assert.Equal(front.Count, marked.Count);
        Assert.All(front, i => Assert.Contains(marked, m => m.StartsWith(ChartSamples.Scatter.Points[i].Label, StringComparison.Ordinal)));
        Assert.Contains("Pareto front, slowest to fastest: " + ChartSamples.Scatter.Points[front[0]].Label, root.Element(SvgInspection.Svg + "desc")!.Value);
        // Log axis: ticks are written as values (10, 100, 1000), not as their logarithms.
        Assert.Contains("100", SvgInspection.Texts(root));
        Assert.Contains("1000", SvgInspection.Texts(root));
    }

    [Fact]
    public void Bars_name_the_reference_line_and_respect_ymax()
    {
        var root = SvgInspection.ParseChart(SiteCharts.Bars(ChartSamples.Throughput).Svg);
        Assert.Contains(SvgInspection.Texts(root), t => t.Contains("memory-bandwidth ceiling", StringComparison.Ordinal)
            || t.Contains("memory", StringComparison.Ordinal));
        Assert.Contains("27.5", root.Element(SvgInspection.Svg + "desc")!.Value);
        // Skia's SVG canvas draws dashes solid, so the ceiling is our own dashed line over the plot.
        var line = Assert.Single(root.Descendants(SvgInspection.Svg + "line"), l => (string?)l.Attribute("class") == "refline");
        Assert.Equal("6 4", (string?)line.Parent!.Attribute("stroke-dasharray"));
        var capped = SvgInspection.ParseChart(SiteCharts.Bars(new BarChartSpec("Capped", "score", [new BarGroup("g", [new BarValue("a", 0.4)])], YMax: 1)).Svg);
        Assert.Contains(SvgInspection.Texts(capped), t => t is "1" or "1.0");
    }

    [Fact]
    public void Line_chart_with_dates_labels_ticks_as_iso_days()
    {
        var root = SvgInspection.ParseChart(SiteCharts.Lines(ChartSamples.Checkpoints).Svg);
        var tickLabels = SvgInspection.Texts(root).Where(v => v.Length == 10 && v[4] == '-').ToList();
        Assert.True(tickLabels.Count >= 3, string.Join(", ", SvgInspection.Texts(root)));
        Assert.All(tickLabels, v => DateOnly.ParseExact(v, "yyyy-MM-dd"));
        Assert.Contains(SvgInspection.Hotspots(root, "point"), p => p.Value.Contains("2025-04-11", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_series_get_distinct_colour_and_marker_pairs()
    {
        var triples = Enumerable.Range(0, 20).Select(i => (ChartStyle.Colour(i).ToHex(), ChartStyle.Marker(i))).ToList();
        Assert.Equal(triples.Count, triples.Distinct().Count());
        Assert.DoesNotContain(triples, t => t.Item1 == "#000000");
    }

    [Fact]
    public void Every_sample_chart_has_a_png_and_both_are_written_for_review()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "chart-samples");
        Directory.CreateDirectory(dir);
        foreach (var (name, chart) in ChartSamples.All())
        {
            var root = SvgInspection.ParseChart(chart.Svg);
            AssertHotspotsInsideViewBox(root);
            var png = chart.Png!;
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            // PNG width and height (big-endian in the IHDR chunk): twice the SVG's size.
            int w = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], h = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
            Assert.Equal(2 * SvgInspection.ViewBox(root).Width, w);
            Assert.Equal(2 * SvgInspection.ViewBox(root).Height, h);
            File.WriteAllText(Path.Combine(dir, name + ".svg"), chart.Svg);
            File.WriteAllBytes(Path.Combine(dir, name + ".png"), png);
        }
    }
}
