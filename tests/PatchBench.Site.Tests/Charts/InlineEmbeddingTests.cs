using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

/// <summary>The site inlines charts into HTML pages: they must parse as SVG there and leave the page's styles alone.</summary>
public class InlineEmbeddingTests
{
    [Fact]
    public void Charts_inlined_in_html_parse_as_svg_with_their_title_and_desc()
    {
        var charts = ChartSamples.All().ToList();
        var html = "<!doctype html><html><head><title>t</title></head><body>" +
                   string.Concat(charts.Select(c => "<figure>" + c.Svg + "</figure>")) + "</body></html>";
        var document = new HtmlParser().ParseDocument(html);
        var svgs = document.QuerySelectorAll("figure > svg").ToList();
        Assert.Equal(charts.Count, svgs.Count);
        foreach (var svg in svgs)
        {
            Assert.Equal("http://www.w3.org/2000/svg", svg.NamespaceUri);
            Assert.Equal("title", svg.Children[0].LocalName);
            Assert.Equal("desc", svg.Children[1].LocalName);
            Assert.NotEmpty(svg.QuerySelectorAll("text"));
        }
        // No duplicate ids when several charts share a page.
        Assert.Empty(document.QuerySelectorAll("svg [id]"));
    }

    [Fact]
    public void The_embedded_style_only_targets_charts()
    {
        var svg = SvgCharts.Bars(ChartSamples.Categories);
        var css = Regex.Match(svg, "<style>(.*?)</style>").Groups[1].Value;
        var selectors = Regex.Matches(Regex.Replace(css, @"@media[^{]*\{", ""), @"([^{}]+)\{").Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.NotEmpty(selectors);
        Assert.All(selectors.SelectMany(s => s.Split(',')), s => Assert.Matches(@"^(svg)?\.pb-chart", s.Trim()));
    }
}
