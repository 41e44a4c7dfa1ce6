using System.Globalization;
using System.Text;

namespace PatchBench.Site.Charts;

/// <summary>
/// Writes one standalone chart SVG: deterministic number formatting (invariant culture, at most
/// two decimals, no negative zero), XML-escaped text with characters XML forbids removed, and
/// only absolute coordinates, so the output is the same bytes for the same input and every drawn
/// coordinate can be checked against the viewBox.
/// </summary>
internal sealed class ChartSvg
{
    /// <summary>System font stack: no web fonts, so no external requests.</summary>
    public const string FontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    // Text and axes use currentColor: inlined in a page they take the page's text colour; opened on
    // their own (or through <img>) the svg is the document root and picks a colour by colour scheme.
    private const string Style =
        "svg.pb-chart:root{color:#1f2328;background:#ffffff;color-scheme:light dark}" +
        "@media (prefers-color-scheme:dark){svg.pb-chart:root{color:#e6edf3;background:#0d1117}}" +
        ".pb-chart text{font-variant-numeric:tabular-nums}" +
        // A halo in the page background keeps labels readable where they cross lines; pages may set --pb-chart-halo.
        ".pb-chart .label,.pb-chart .value,.pb-chart .refline-label{paint-order:stroke;stroke:var(--pb-chart-halo,Canvas);stroke-width:3px;stroke-linejoin:round}";

    private readonly StringBuilder body = new();

    public ChartSvg(double width, double height)
    {
        Width = Math.Ceiling(width);
        Height = Math.Ceiling(height);
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Clamps a coordinate into the drawing so nothing lands outside the viewBox.</summary>
    public double ClampX(double x) => Math.Clamp(x, 0, Width);

    /// <summary>Clamps a coordinate into the drawing so nothing lands outside the viewBox.</summary>
    public double ClampY(double y) => Math.Clamp(y, 0, Height);

    public void Raw(string markup) => body.Append(markup);

    public void Open(string element, string attributes = "") =>
        body.Append('<').Append(element).Append(attributes.Length > 0 ? " " + attributes : "").Append('>');

    public void Close(string element) => body.Append("</").Append(element).Append('>');

    /// <summary>A tooltip for the enclosing element.</summary>
    public void Tooltip(string text) => body.Append("<title>").Append(Escape(text, false)).Append("</title>");

    public void Line(double x1, double y1, double x2, double y2, string attributes) =>
        body.Append($"<line x1=\"{Num(ClampX(x1))}\" y1=\"{Num(ClampY(y1))}\" x2=\"{Num(ClampX(x2))}\" y2=\"{Num(ClampY(y2))}\" {attributes}/>");

    public void Rect(double x, double y, double w, double h, string attributes, string? tooltip = null)
    {
        double x0 = ClampX(x), y0 = ClampY(y), x1 = ClampX(x + Math.Max(0, w)), y1 = ClampY(y + Math.Max(0, h));
        var tag = $"<rect x=\"{Num(x0)}\" y=\"{Num(y0)}\" width=\"{Num(x1 - x0)}\" height=\"{Num(y1 - y0)}\" {attributes}";
        if (tooltip is null) body.Append(tag).Append("/>");
        else body.Append(tag).Append("><title>").Append(Escape(tooltip, false)).Append("</title></rect>");
    }

    public void Circle(double cx, double cy, double r, string attributes, string? tooltip = null)
    {
        var tag = $"<circle cx=\"{Num(ClampX(cx))}\" cy=\"{Num(ClampY(cy))}\" r=\"{Num(r)}\" {attributes}";
        if (tooltip is null) body.Append(tag).Append("/>");
        else body.Append(tag).Append("><title>").Append(Escape(tooltip, false)).Append("</title></circle>");
    }

    /// <summary>A path through absolute points (M then L commands).</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, string attributes)
    {
        if (points.Count == 0) return;
        var d = new StringBuilder();
        for (int i = 0; i < points.Count; i++)
            d.Append(i == 0 ? "M" : " L").Append(Num(ClampX(points[i].X))).Append(' ').Append(Num(ClampY(points[i].Y)));
        body.Append($"<path d=\"{d}\" {attributes}/>");
    }

    /// <summary>A closed polygon through absolute points (for marker shapes other than circles).</summary>
    public void Polygon(IReadOnlyList<(double X, double Y)> points, string attributes, string? tooltip = null)
    {
        var d = string.Join(" ", points.Select(p => Num(ClampX(p.X)) + "," + Num(ClampY(p.Y))));
        var tag = $"<polygon points=\"{d}\" {attributes}";
        if (tooltip is null) body.Append(tag).Append("/>");
        else body.Append(tag).Append("><title>").Append(Escape(tooltip, false)).Append("</title></polygon>");
    }

    /// <summary>Text at an anchor point (clamped into the drawing); <paramref name="extra"/> holds further attributes.</summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 12, string extra = "", string? tooltip = null)
    {
        body.Append($"<text x=\"{Num(ClampX(x))}\" y=\"{Num(ClampY(y))}\"");
        if (anchor != "start") body.Append($" text-anchor=\"{anchor}\"");
        if (size != 12) body.Append($" font-size=\"{Num(size)}\"");
        if (extra.Length > 0) body.Append(' ').Append(extra);
        body.Append('>').Append(Escape(text));
        if (tooltip is not null) body.Append("<title>").Append(Escape(tooltip, false)).Append("</title>");
        body.Append("</text>");
    }

    /// <summary>The finished document with its accessible name and description.</summary>
    public string Finish(string title, string description)
    {
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pb-chart\" width=\"{Num(Width)}\" height=\"{Num(Height)}\" viewBox=\"0 0 {Num(Width)} {Num(Height)}\"");
        sb.Append($" role=\"img\" aria-label=\"{Escape(title)}\" font-family=\"{FontStack}\" font-size=\"12\" fill=\"currentColor\">");
        sb.Append("<title>").Append(Escape(title)).Append("</title>");
        sb.Append("<desc>").Append(Escape(description, false)).Append("</desc>");
        sb.Append("<style>").Append(Style).Append("</style>");
        sb.Append(body);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>A coordinate or size: invariant culture, at most two decimals, never "-0".</summary>
    public static string Num(double v)
    {
        if (!double.IsFinite(v)) v = 0;
        var r = Math.Round(v, 2, MidpointRounding.AwayFromZero);
        if (r == 0) r = 0;
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A data value for labels and tooltips: three significant digits, invariant culture.</summary>
    public static string Value(double v)
    {
        if (!double.IsFinite(v)) return double.IsNaN(v) ? "n/a" : v > 0 ? "∞" : "-∞";
        double a = Math.Abs(v);
        string s = a == 0 ? "0"
            : a >= 1e6 || a < 1e-3 ? v.ToString("0.##e0", CultureInfo.InvariantCulture)
            : a >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
            : a >= 10 ? v.ToString("0.#", CultureInfo.InvariantCulture)
            : a >= 1 ? v.ToString("0.##", CultureInfo.InvariantCulture)
            : v.ToString("0.###", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    /// <summary>Escapes text for element content and attribute values, dropping characters XML 1.0 cannot hold.</summary>
    public static string Escape(string? text, bool attribute = true)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) continue;
            if (c < 0x20 && c is not ('\t' or '\n' or '\r')) continue;
            if (c is '\uFFFE' or '\uFFFF') continue;
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Newlines and tabs inside attributes would be normalised to spaces by XML anyway.
                '\t' or '\n' or '\r' => attribute ? " " : c == '\r' ? "" : c.ToString(),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Estimated width of <paramref name="text"/> in pixels (system sans fonts average about 0.58 em per character).</summary>
    public static double TextWidth(string text, double size = 12) => text.Length * size * 0.58;

    /// <summary>Shortens <paramref name="text"/> with an ellipsis so its estimated width fits <paramref name="maxWidth"/>.</summary>
    public static string Fit(string? text, double maxWidth, double size = 12)
    {
        text ??= "";
        int maxChars = (int)Math.Floor(maxWidth / (size * 0.58));
        if (text.Length <= maxChars) return text;
        if (maxChars <= 1) return maxChars == 1 ? "…" : "";
        int keep = maxChars - 1;
        // Never split a surrogate pair.
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep].TrimEnd() + "…";
    }

    /// <summary>A link target that is safe to put in a chart: relative paths and http(s) only.</summary>
    public static string? SafeHref(string? href)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        var trimmed = href.Trim();
        int colon = trimmed.IndexOf(':');
        int slash = trimmed.IndexOfAny(['/', '?', '#']);
        bool hasScheme = colon >= 0 && (slash < 0 || colon < slash);
        if (hasScheme && !trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return null;
        return trimmed;
    }
}
