using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>
/// Turns a <see cref="ChartDraft"/> into SVG and PNG. ScottPlot (through SkiaSharp's SVG canvas) writes the picture; this
/// adds what a web page needs and Skia does not write: a viewBox (so the chart scales), <c>role="img"</c> with a
/// <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c>, no clip paths (Skia numbers them per process, which would make bytes depend
/// on what was drawn before and ids clash when two charts share a page), and the hotspots.
/// </summary>
public static partial class ChartRendering
{
    private static readonly Lock Gate = new();

    /// <summary>Renders <paramref name="draft"/>; <paramref name="id"/> prefixes the chart's element ids (unique per page).</summary>
    public static RenderedChart Render(ChartDraft draft, string id, bool png)
    {
        ChartFont.EnsureLoaded();
        string svg;
        List<string> overlay, lines;
        byte[]? image = null;
        // ScottPlot's font cache and Skia's id counter are process-wide: one chart at a time keeps both predictable.
        lock (Gate)
        {
            var dashed = draft.Dashed ?? [];
            // Transparent rather than hidden: a hidden plottable would also leave the legend.
            var colours = dashed.Select(d => d.Plottable.LineColor).ToList();
            foreach (var d in dashed) d.Plottable.LineColor = d.Plottable.LineColor.WithAlpha(0);
            svg = draft.Plot.GetSvgXml(draft.Width, draft.Height);
            lines = dashed.Select(d => DashedSvg(draft.Plot, d)).Where(s => s.Length > 0).ToList();
            overlay = draft.Hotspots.Select(h => HotspotSvg(draft.Plot, h)).Where(s => s.Length > 0).ToList();
            for (int i = 0; i < dashed.Count; i++) dashed[i].Plottable.LineColor = colours[i];
            if (png)
            {
                draft.Plot.ScaleFactor = 2;
                image = draft.Plot.GetImageBytes(draft.Width * 2, draft.Height * 2, ImageFormat.Png);
                draft.Plot.ScaleFactor = 1;
            }
        }
        return new RenderedChart(Annotate(svg, draft, Slug(id), lines, overlay), image);
    }

    private static string Annotate(string svg, ChartDraft draft, string id, List<string> lines, List<string> overlay)
    {
        var s = svg.TrimStart();
        if (s.StartsWith("<?xml", StringComparison.Ordinal)) s = s[(s.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        // Skia's clip paths go: their ids are counted per process (bytes would depend on what was drawn before, ids clash
        // when charts share a page), and HTML parsers such as AngleSharp mis-nest the camel-case </clipPath> inline. The
        // axis limits already hold all data with padding, so nothing needs clipping.
        s = ClipDefinition().Replace(s, "");
        s = ClipUse().Replace(s, "<g>");
        var w = draft.Width.ToString(CultureInfo.InvariantCulture);
        var h = draft.Height.ToString(CultureInfo.InvariantCulture);
        int open = s.IndexOf("<svg", StringComparison.Ordinal), close = s.IndexOf('>', open);
        var head = $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" " +
                   $"role=\"img\" class=\"pb-chart\" id=\"{id}\" font-family=\"{ChartFont.Family}, sans-serif\">\n" +
                   $"<title>{Xml(draft.Title)}</title>\n<desc>{Xml(draft.Description)}</desc>";
        var body = s[(close + 1)..];
        int end = body.LastIndexOf("</svg>", StringComparison.Ordinal);
        var sb = new StringBuilder(head).Append(body[..end].TrimEnd());
        if (lines.Count > 0)
        {
            sb.Append("\n<g class=\"reflines\" stroke=\"#000000\" stroke-opacity=\"0.75\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\">\n");
            foreach (var l in lines) sb.Append(l).Append('\n');
            sb.Append("</g>");
        }
        if (overlay.Count > 0)
        {
            // Invisible but hit-testable (fill with zero opacity still counts as painted): hover and click reach them.
            sb.Append("\n<g class=\"hotspots\" fill=\"#000000\" fill-opacity=\"0\" stroke=\"none\">\n");
            foreach (var o in overlay) sb.Append(o).Append('\n');
            sb.Append("</g>");
        }
        return sb.Append("\n</svg>\n").ToString();
    }

    private static string DashedSvg(Plot plot, DashedLine d)
    {
        var rect = plot.LastRender.DataRect;
        var y = plot.GetPixel(new Coordinates(0, d.Y)).Y;
        if (!float.IsFinite(y) || !float.IsFinite(rect.Left) || !float.IsFinite(rect.Right) || y < rect.Top - 0.5 || y > rect.Bottom + 0.5) return "";
        return $"<line class=\"refline\" x1=\"{N(rect.Left)}\" y1=\"{N(y)}\" x2=\"{N(rect.Right)}\" y2=\"{N(y)}\"/>";
    }

    private static string HotspotSvg(Plot plot, Hotspot h)
    {
        var a = plot.GetPixel(new Coordinates(h.X0, h.Y0));
        var b = plot.GetPixel(new Coordinates(h.X1, h.Y1));
        if (!float.IsFinite(a.X) || !float.IsFinite(a.Y) || !float.IsFinite(b.X) || !float.IsFinite(b.Y)) return "";
        var tip = $"<title>{Xml(h.Tooltip)}</title>";
        string shape = h.Shape == HotspotShape.Circle
            ? $"<circle class=\"{h.Class}\" cx=\"{N(a.X)}\" cy=\"{N(a.Y)}\" r=\"{N(h.Radius)}\">{tip}</circle>"
            : $"<rect class=\"{h.Class}\" x=\"{N(Math.Min(a.X, b.X))}\" y=\"{N(Math.Min(a.Y, b.Y))}\" width=\"{N(Math.Max(1, Math.Abs(b.X - a.X)))}\" " +
              $"height=\"{N(Math.Max(1, Math.Abs(b.Y - a.Y)))}\">{tip}</rect>";
        var href = SafeHref(h.Href);
        return href is null ? shape : $"<a href=\"{Xml(href)}\">{shape}</a>";
    }

    /// <summary>Relative links and http(s) links are kept; anything else (javascript:, data:, …) is dropped.</summary>
    public static string? SafeHref(string? href)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        var colon = href.IndexOf(':');
        var slash = href.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return href;
        return href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? href : null;
    }

    private static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Xml(string text) => WebUtility.HtmlEncode(ChartText.Clean(text));

    private static string Slug(string id)
    {
        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray();
        var s = new string(chars).Trim('-');
        return s.Length == 0 || !char.IsAsciiLetter(s[0]) ? "c-" + s : s;
    }

    [GeneratedRegex("[ \t]*<clipPath[^>]*>.*?</clipPath>\\s*", RegexOptions.Singleline)]
    private static partial Regex ClipDefinition();

    [GeneratedRegex("<g clip-path=\"url\\(#[^)]*\\)\">")]
    private static partial Regex ClipUse();
}

/// <summary>Text as it may go into a chart: no control characters or lone surrogates (not valid XML), long text shortened.</summary>
public static class ChartText
{
    /// <summary>Control characters become spaces, lone surrogates U+FFFD, runs of white space one space.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') { sb.Append('\uFFFD'); continue; }
            sb.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
        }
        return Regex.Replace(sb.ToString(), " {2,}", " ").Trim();
    }

    /// <summary><see cref="Clean"/>ed and cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Short(string? text, int max)
    {
        var s = Clean(text);
        return s.Length <= max ? s : s[..Math.Max(1, max - 1)].TrimEnd() + "…";
    }

    /// <summary>A legend entry: shortened, and never empty (ScottPlot cannot lay out an empty legend line).</summary>
    public static string Legend(string? text, int max = 40)
    {
        var s = Short(text, max);
        return s.Length == 0 ? "(unnamed)" : s;
    }

    /// <summary>A value as the site writes it: up to 3 decimals, invariant culture, no exponent for ordinary numbers.</summary>
    public static string Value(double v)
    {
        if (!double.IsFinite(v)) return "—";
        double a = Math.Abs(v);
        return a != 0 && (a >= 1e7 || a < 1e-3) ? v.ToString("0.###e0", CultureInfo.InvariantCulture)
            : v.ToString(a >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
    }
}
