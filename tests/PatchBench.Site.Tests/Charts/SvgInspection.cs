using System.Globalization;
using System.Xml.Linq;

namespace PatchBench.Site.Tests.Charts;

/// <summary>Parses chart SVG with System.Xml and reads back what was drawn.</summary>
internal static class SvgInspection
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the document (throws when it is not well formed) and checks the standalone-SVG contract.</summary>
    public static XElement ParseChart(string svg)
    {
        var root = XDocument.Parse(svg, LoadOptions.None).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var box = ViewBox(root);
        Assert.Equal(0, box.X);
        Assert.Equal(0, box.Y);
        Assert.Equal(box.Width, Number((string)root.Attribute("width")!));
        Assert.Equal(box.Height, Number((string)root.Attribute("height")!));
        Assert.True(box.Width > 0 && box.Height > 0);
        var first = root.Elements().Take(2).Select(e => e.Name.LocalName).ToArray();
        Assert.Equal(["title", "desc"], first);
        Assert.DoesNotContain("href=\"javascript", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NaN", string.Concat(root.DescendantsAndSelf().SelectMany(e => e.Attributes())
            .Where(a => a.Name.LocalName is not ("href" or "aria-label")).Select(a => a.Value)));
        Assert.DoesNotContain("Infinity", svg);
        // Every id is defined once and every url(#…) points at one of them.
        var ids = root.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(svg, @"url\(#([^)]+)\)"))
            Assert.Contains(m.Groups[1].Value, ids);
        return root;
    }

    public static (double X, double Y, double Width, double Height) ViewBox(XElement root)
    {
        var v = ((string)root.Attribute("viewBox")!).Split(' ').Select(Number).ToArray();
        return (v[0], v[1], v[2], v[3]);
    }

    public static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The hotspots (invisible shapes with tooltips) of a chart.</summary>
    public static IEnumerable<XElement> Hotspots(XElement root, string cls) =>
        root.Descendants().Where(e => e.Parent is not null && e.Ancestors(Svg + "g").Any(g => (string?)g.Attribute("class") == "hotspots")
            && ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls));

    /// <summary>The centre of a hotspot circle or rectangle.</summary>
    public static (double X, double Y) Centre(XElement e) => e.Name.LocalName == "circle"
        ? (Number((string)e.Attribute("cx")!), Number((string)e.Attribute("cy")!))
        : (Number((string)e.Attribute("x")!) + Number((string)e.Attribute("width")!) / 2, Number((string)e.Attribute("y")!)
            + Number((string)e.Attribute("height")!) / 2);

    /// <summary>The text of every &lt;text&gt; element, trimmed (Skia indents it).</summary>
    public static List<string> Texts(XElement root) => root.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
}
