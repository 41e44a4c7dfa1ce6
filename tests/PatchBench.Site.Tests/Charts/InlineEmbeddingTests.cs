using AngleSharp.Html.Parser;

namespace PatchBench.Site.Tests.Charts;

/// <summary>The site inlines charts into HTML pages: they must parse as SVG there, and several on one page must not clash.</summary>
public class InlineEmbeddingTests
{
    [Fact]
    public void Charts_inlined_in_html_parse_as_svg_with_their_title_desc_and_unique_ids()
    {
        var charts = ChartSamples.All().ToList();
        var html = "<!doctype html><html><head><title>t</title></head><body>" +
                   string.Concat(charts.Select(c => "<figure>" + c.Chart.Svg + "</figure>")) + "</body></html>";
        var errors = new List<string>();
        var parser = new HtmlParser();
        parser.Error += (_, e) => errors.Add(((AngleSharp.Html.Dom.Events.HtmlErrorEvent)e).Message + " at "
            + ((AngleSharp.Html.Dom.Events.HtmlErrorEvent)e).Position);
        var document = parser.ParseDocument(html);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Distinct().Take(5)));
        var svgs = document.QuerySelectorAll("figure > svg").ToList();
        Assert.Equal(charts.Count, svgs.Count);
        foreach (var svg in svgs)
        {
            Assert.Equal("http://www.w3.org/2000/svg", svg.NamespaceUri);
            Assert.Equal("title", svg.Children[0].LocalName);
            Assert.Equal("desc", svg.Children[1].LocalName);
            Assert.NotEmpty(svg.QuerySelectorAll("text"));
        }
        var ids = document.QuerySelectorAll("svg [id], svg[id]").Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(document.QuerySelectorAll("svg style"));
    }
}
