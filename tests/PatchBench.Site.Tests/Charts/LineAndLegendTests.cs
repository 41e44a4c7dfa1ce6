using System.Xml.Linq;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

/// <summary>Where the scatter legend sits, and line points that link (the training page's checkpoint trend).</summary>
public sealed class LineAndLegendTests
{
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

    [Fact]
    public void A_line_point_with_a_link_becomes_a_linked_hotspot_and_one_without_stays_a_plain_tooltip()
    {
        var spec = new LineChartSpec("Trend", "training step", "similarity",
            [new LineSeries("tiny (llamacpp)", [new LinePoint(100, 0.3, "tiny-step100", "../runs/a.html"), new LinePoint(200, 0.4, "tiny-step200")])]);
        var root = SvgInspection.ParseChart(SiteCharts.Lines(spec).Svg);
        var links = root.Descendants(SvgInspection.Svg + "a").ToList();
        Assert.Equal("../runs/a.html", (string?)Assert.Single(links).Attribute("href"));
        Assert.Equal(2, SvgInspection.Hotspots(root, "point").Count());
    }

    // Skia writes text positions as x/y attributes, possibly lists, possibly under a translate.
    private static double TextY(XElement text)
    {
        var y = ((string?)text.Attribute("y") ?? "0").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(SvgInspection.Number).DefaultIfEmpty(0)
            .First();
        foreach (var g in text.AncestorsAndSelf())
            if ((string?)g.Attribute("transform") is { } t && t.StartsWith("translate(", StringComparison.Ordinal))
                y += SvgInspection.Number(t["translate(".Length..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "0");
        return y;
    }
}
