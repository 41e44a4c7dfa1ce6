using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

public class SvgChartsTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(150);

    private static void AssertInsideViewBox(XElement root)
    {
        var box = SvgInspection.ViewBox(root);
        foreach (var (element, x, y) in SvgInspection.DrawnPoints(root))
        {
            Assert.True(x >= 0 && x <= box.Width, $"{element} x={x} outside 0..{box.Width}");
            Assert.True(y >= 0 && y <= box.Height, $"{element} y={y} outside 0..{box.Height}");
        }
    }

    [Fact]
    public void Random_scatter_charts_are_well_formed_inside_their_viewbox_and_draw_every_finite_point()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Scatter), spec =>
        {
            var root = SvgInspection.ParseChart(SvgCharts.Scatter(spec));
            AssertInsideViewBox(root);
            var drawn = spec.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!spec.LogX || p.X > 0)).ToList();
            Assert.Equal(drawn.Count, SvgInspection.CountClass(root, "circle", "point") + SvgInspection.CountClass(root, "polygon", "point"));
            int front = spec.ParetoFront ? ParetoFront.Of(drawn.Select(p => (p.X, p.Y)).ToList()).Count : 0;
            Assert.Equal(front, SvgInspection.CountClass(root, "polygon", "front"));
            Assert.Equal(drawn.Count(p => ChartSvgHref(p.Href)), root.Descendants(SvgInspection.Svg + "a").Count());
        }).Check(Runs);
    }

    private static bool ChartSvgHref(string? href) => href is not null && !href.StartsWith("javascript:", StringComparison.Ordinal);

    [Fact]
    public void Random_bar_charts_are_well_formed_inside_their_viewbox_with_one_rect_per_finite_value()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Bars), spec =>
        {
            var root = SvgInspection.ParseChart(SvgCharts.Bars(spec));
            AssertInsideViewBox(root);
            Assert.Equal(spec.Groups.Sum(g => g.Values.Count(v => double.IsFinite(v.Value))), SvgInspection.CountClass(root, "rect", "bar"));
            Assert.Equal(spec.Lines!.Count(l => double.IsFinite(l.Value)), SvgInspection.CountClass(root, "line", "refline"));
            Assert.Equal(spec.Groups.Count, SvgInspection.CountClass(root, "text", "group-label"));
        }).Check(Runs);
    }

    [Fact]
    public void Random_line_charts_are_well_formed_inside_their_viewbox_with_one_marker_per_finite_point()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Lines), spec =>
        {
            var root = SvgInspection.ParseChart(SvgCharts.Lines(spec));
            AssertInsideViewBox(root);
            int finite = spec.Series.Sum(s => s.Points.Count(p => double.IsFinite(p.X) && double.IsFinite(p.Y)));
            Assert.Equal(finite, SvgInspection.CountClass(root, "circle", "point") + SvgInspection.CountClass(root, "polygon", "point"));
            Assert.Equal(spec.Series.Count(s => s.Points.Count(p => double.IsFinite(p.X) && double.IsFinite(p.Y)) > 1), SvgInspection.CountClass(root, "path", "series-line"));
        }).Check(Runs);
    }

    [Fact]
    public void Random_histograms_are_well_formed_inside_their_viewbox_with_one_bar_per_usable_count()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Histogram), spec =>
        {
            var root = SvgInspection.ParseChart(SvgCharts.Histogram(spec));
            AssertInsideViewBox(root);
            int series = Math.Max(1, spec.SeriesNames.Count);
            Assert.Equal(spec.Rows.Sum(r => r.Counts.Take(series).Count(c => double.IsFinite(c) && c >= 0)), SvgInspection.CountClass(root, "rect", "bar"));
            Assert.Equal(spec.Rows.Count, SvgInspection.CountClass(root, "text", "key"));
        }).Check(Runs);
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var all = from s in ChartGenerators.Scatter from b in ChartGenerators.Bars from l in ChartGenerators.Lines from h in ChartGenerators.Histogram select (s, b, l, h);
        Prop.ForAll(Arb.From(all), specs =>
        {
            var (s, b, l, h) = specs;
            Assert.Equal(SvgCharts.Scatter(s), SvgCharts.Scatter(s with { Points = s.Points.ToList() }));
            Assert.Equal(SvgCharts.Bars(b), SvgCharts.Bars(b with { Groups = b.Groups.ToList() }));
            Assert.Equal(SvgCharts.Lines(l), SvgCharts.Lines(l with { Series = l.Series.ToList() }));
            Assert.Equal(SvgCharts.Histogram(h), SvgCharts.Histogram(h with { Rows = h.Rows.ToList() }));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        var spec = ChartSamples.Scatter;
        var invariant = SvgCharts.Scatter(spec);
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(invariant, SvgCharts.Scatter(spec));
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            // Invariant-globalization builds only know the invariant culture; nothing else to compare.
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
        Assert.Contains("viewBox=\"0 0 720 440\"", invariant);
    }

    [Fact]
    public void Empty_charts_say_no_data()
    {
        foreach (var svg in new[]
                 {
                     SvgCharts.Scatter(new ScatterChartSpec("Empty", "x", "y", [])),
                     SvgCharts.Bars(new BarChartSpec("Empty", "y", [])),
                     SvgCharts.Lines(new LineChartSpec("Empty", "x", "y", [])),
                     SvgCharts.Histogram(new HistogramSpec("Empty", [], [])),
                 })
        {
            var root = SvgInspection.ParseChart(svg);
            Assert.Contains(root.Descendants(SvgInspection.Svg + "text"), t => t.Value == "No data");
        }
    }

    [Fact]
    public void One_point_is_drawn_in_the_middle_of_a_sensible_range_and_is_its_own_front()
    {
        var root = SvgInspection.ParseChart(SvgCharts.Scatter(new ScatterChartSpec("One", "tokens/s", "score", [new ScatterPoint("solo", 42, 0.5)])));
        var marker = Assert.Single(root.Descendants(SvgInspection.Svg + "polygon"), p => ((string?)p.Attribute("class"))?.Contains("front") == true);
        Assert.Contains("solo", marker.Value);
        Assert.Contains(root.Descendants(SvgInspection.Svg + "text"), t => t.Value == "solo");
    }

    [Fact]
    public void Text_is_escaped_shortened_with_an_ellipsis_and_kept_whole_in_tooltips()
    {
        var longLabel = "an-extremely-long-model-name-" + new string('x', 200);
        var svg = SvgCharts.Bars(new BarChartSpec("<Scores> & \"quotes\"", "score", [new BarGroup(longLabel, [new BarValue("s<1>", 0.5)])]));
        var root = SvgInspection.ParseChart(svg);
        Assert.Equal("<Scores> & \"quotes\"", root.Element(SvgInspection.Svg + "title")!.Value);
        var label = root.Descendants(SvgInspection.Svg + "text").Single(t => (string?)t.Attribute("class") == "group-label");
        Assert.EndsWith("…", label.Nodes().OfType<XText>().Single().Value);
        Assert.Equal(longLabel, label.Element(SvgInspection.Svg + "title")!.Value);
        Assert.Contains("&lt;Scores&gt; &amp;", svg);
    }

    [Fact]
    public void Only_relative_and_http_links_are_kept()
    {
        var svg = SvgCharts.Scatter(new ScatterChartSpec("Links", "x", "y",
        [
            new ScatterPoint("a", 1, 1, Href: "runs/a.html"),
            new ScatterPoint("b", 2, 0.5, Href: "javascript:alert(1)"),
            new ScatterPoint("c", 3, 0.2, Href: "https://example.org/?q=1&r=2"),
        ]));
        var hrefs = SvgInspection.ParseChart(svg).Descendants(SvgInspection.Svg + "a").Select(a => (string)a.Attribute("href")!).ToArray();
        Assert.Equal(["https://example.org/?q=1&r=2", "runs/a.html"], hrefs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Pareto_step_line_joins_the_front_points_in_speed_order()
    {
        var root = SvgInspection.ParseChart(SvgCharts.Scatter(ChartSamples.Scatter));
        var step = root.Descendants(SvgInspection.Svg + "path").Single(p => (string?)p.Attribute("class") == "pareto");
        var front = ParetoFront.Of(ChartSamples.Scatter.Points.Select(p => (p.X, p.Y)).ToList());
        // Each front point after the first adds a corner and the point itself.
        var corners = SvgInspection.DrawnPoints(new XElement(SvgInspection.Svg + "g", step)).Count();
        Assert.Equal(2 * front.Count - 1, corners);
        Assert.Contains("Pareto front, slowest to fastest: " + ChartSamples.Scatter.Points[front[0]].Label, root.Element(SvgInspection.Svg + "desc")!.Value);
    }

    [Fact]
    public void Bars_draw_the_reference_line_dashed_with_its_label_and_respect_ymax()
    {
        var root = SvgInspection.ParseChart(SvgCharts.Bars(ChartSamples.Throughput));
        var line = root.Descendants(SvgInspection.Svg + "line").Single(l => (string?)l.Attribute("class") == "refline");
        Assert.NotNull(line.Attribute("stroke-dasharray"));
        Assert.Contains(root.Descendants(SvgInspection.Svg + "text"), t => t.Value.StartsWith("memory-bandwidth ceiling", StringComparison.Ordinal));
        var capped = SvgInspection.ParseChart(SvgCharts.Bars(new BarChartSpec("Capped", "score", [new BarGroup("g", [new BarValue("a", 0.4)])], YMax: 1)));
        Assert.Contains(capped.Descendants(SvgInspection.Svg + "text"), t => t.Value == "1.0");
    }

    [Fact]
    public void Line_chart_with_dates_labels_ticks_and_tooltips_as_iso_days()
    {
        var svg = SvgCharts.Lines(ChartSamples.Checkpoints);
        var root = SvgInspection.ParseChart(svg);
        var tickLabels = root.Descendants(SvgInspection.Svg + "text").Select(t => t.Value).Where(v => v.Length == 10 && v[4] == '-').ToList();
        Assert.NotEmpty(tickLabels);
        Assert.All(tickLabels, v => DateOnly.ParseExact(v, "yyyy-MM-dd"));
        Assert.Contains("2025-06-01", svg);
    }

    [Fact]
    public void Many_series_get_distinct_colour_and_shape_pairs()
    {
        var pairs = Enumerable.Range(0, 20).Select(i => (ChartPalette.Colour(i), ChartPalette.Shape(i))).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.DoesNotContain("#000000", ChartPalette.Colours);
    }

    [Fact]
    public void Samples_render_and_are_written_for_review()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "chart-samples");
        Directory.CreateDirectory(dir);
        foreach (var (name, svg) in ChartSamples.All())
        {
            var root = SvgInspection.ParseChart(svg);
            AssertInsideViewBox(root);
            File.WriteAllText(Path.Combine(dir, name + ".svg"), svg);
        }
        Assert.True(Directory.GetFiles(dir, "*.svg").Length >= 4);
    }
}
