using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PatchBench.Site.Tests.Charts;

/// <summary>Parses chart SVG with System.Xml and reads back what was drawn.</summary>
internal static partial class SvgInspection
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
        Assert.DoesNotContain("NaN", string.Concat(root.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => a.Name.LocalName is not ("href" or "aria-label")).Select(a => a.Value)));
        return root;
    }

    public static (double X, double Y, double Width, double Height) ViewBox(XElement root)
    {
        var v = ((string)root.Attribute("viewBox")!).Split(' ').Select(Number).ToArray();
        return (v[0], v[1], v[2], v[3]);
    }

    public static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Every coordinate of every drawn shape and text anchor.</summary>
    public static IEnumerable<(string Element, double X, double Y)> DrawnPoints(XElement root)
    {
        foreach (var e in root.Descendants())
        {
            double A(string name) => Number((string)e.Attribute(name)!);
            switch (e.Name.LocalName)
            {
                case "circle": yield return ("circle", A("cx"), A("cy")); break;
                case "text": yield return ("text", A("x"), A("y")); break;
                case "line":
                    yield return ("line", A("x1"), A("y1"));
                    yield return ("line", A("x2"), A("y2"));
                    break;
                case "rect":
                    yield return ("rect", A("x"), A("y"));
                    yield return ("rect", A("x") + A("width"), A("y") + A("height"));
                    break;
                case "polygon":
                    foreach (var pair in ((string)e.Attribute("points")!).Split(' '))
                    {
                        var xy = pair.Split(',');
                        yield return ("polygon", Number(xy[0]), Number(xy[1]));
                    }
                    break;
                case "path":
                    var d = (string)e.Attribute("d")!;
                    Assert.Matches(@"^M[-0-9. L]+$", d);
                    var numbers = NumberPattern().Matches(d).Select(m => Number(m.Value)).ToArray();
                    for (int i = 0; i + 1 < numbers.Length; i += 2) yield return ("path", numbers[i], numbers[i + 1]);
                    break;
            }
        }
    }

    public static int CountClass(XElement root, string element, string cls) =>
        root.Descendants(Svg + element).Count(e => ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls));

    [GeneratedRegex(@"-?[0-9]+(\.[0-9]+)?")]
    private static partial Regex NumberPattern();
}
