using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PatchBench.Site.Pages;

namespace PatchBench.Site.Html;

/// <summary>Writes a <see cref="Page"/> as Markdown: tables as pipe tables, figures as image links to their .svg files.</summary>
public static class MarkdownPageWriter
{
    /// <summary>The page's Markdown text.</summary>
    public static string Write(Page page)
    {
        var sb = new StringBuilder();
        var file = page.Path + ".md";
        foreach (var block in page.Blocks)
        {
            switch (block)
            {
                case MarkdownBlock m:
                    sb.Append(m.Markdown.TrimEnd('\n')).Append("\n\n");
                    break;
                case TableBlock t:
                    sb.Append("| ").Append(string.Join(" | ", t.Headers.Select(MarkdownText.Escape))).Append(" |\n");
                    sb.Append('|').Append(string.Join('|', t.Headers.Select((_, i) => t.NumericColumns is { } n && i < n.Count && n[i] ? " ---: " : " --- ")))
                        .Append("|\n");
                    foreach (var row in t.Rows)
                        sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Markdown.Length == 0 ? " " : c.Markdown))).Append(" |\n");
                    sb.Append('\n');
                    break;
                case FigureRow r:
                    foreach (var f in r.Figures)
                    {
                        sb.Append("![").Append(MarkdownText.Escape(f.Caption)).Append("](").Append(SiteLinks.Relative(file, f.File)).Append(")\n");
                        if (f.Png is not null) sb.Append('\n').Append(MarkdownText.Link("PNG", SiteLinks.Relative(file, Path.ChangeExtension(f.File, ".png"))))
                            .Append('\n');
                    }
                    sb.Append('\n');
                    break;
                case AnnotatedCode a:
                    sb.Append(MarkdownText.Fenced(NumberedText(a), "text")).Append('\n');
                    break;
                case DetailsCode d:
                    sb.Append("<details><summary>").Append(WebUtility.HtmlEncode(d.Summary)).Append("</summary>\n\n")
                      .Append(MarkdownText.Fenced(d.Text)).Append("\n</details>\n\n");
                    break;
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static string NumberedText(AnnotatedCode a)
    {
        var lines = a.Text.TrimEnd('\n').Split('\n');
        var width = lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var sb = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            sb.Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)).Append(" │ ").Append(lines[i].TrimEnd('\r'))
                .Append('\n');
            if (a.Notes.TryGetValue(i + 1, out var notes))
                foreach (var n in notes) sb.Append(new string(' ', width)).Append(" ▲ ").Append(n).Append('\n');
        }
        foreach (var (line, notes) in a.Notes.Where(p => p.Key < 1 || p.Key > lines.Length).OrderBy(p => p.Key))
            foreach (var n in notes) sb.Append(new string(' ', width)).Append(" ▲ ").Append(n).Append('\n');
        return sb.ToString();
    }
}

/// <summary>
/// Writes a <see cref="Page"/> as a standalone HTML document: prose through Markdig (links to <c>.md</c> pages rewritten
/// to <c>.html</c>), tables with <c>data-sort-value</c> keys, figures inline, the one stylesheet and the sort script by
/// relative links. No external requests.
/// </summary>
public static class HtmlPageWriter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub).Build();

    /// <summary>Site-wide navigation: (label, site path of the .md page).</summary>
    public static readonly IReadOnlyList<(string Label, string Target)> Navigation = [("Leaderboard", "index.md"), ("Throughput", "throughput.md")];

    /// <summary>The page's HTML text; <paramref name="navigation"/> (default <see cref="Navigation"/>) is the header's links.</summary>
    public static string Write(Page page, IReadOnlyList<(string Label, string Target)>? navigation = null)
    {
        var file = page.Path + ".html";
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, " +
            "initial-scale=1\">\n");
        sb.Append("<title>").Append(Enc(page.Title)).Append(" · PatchBench</title>\n");
        sb.Append("<link rel=\"stylesheet\" href=\"").Append(SiteLinks.Relative(file, "style.css")).Append("\">\n</head>\n<body>\n");
        sb.Append("<header class=\"site\"><a class=\"brand\" href=\"").Append(SiteLinks.Relative(file, "index.html")).Append("\">PatchBench</a><nav>");
        foreach (var (label, target) in navigation ?? Navigation)
            sb.Append("<a href=\"").Append(SiteLinks.Relative(file, Path.ChangeExtension(target, ".html"))).Append("\">").Append(Enc(label)).Append("</a>");
        sb.Append("</nav></header>\n<main>\n");
        foreach (var block in page.Blocks)
        {
            switch (block)
            {
                case MarkdownBlock m:
                    sb.Append(RenderMarkdown(m.Markdown, inline: false));
                    break;
                case TableBlock t:
                    WriteTable(sb, t);
                    break;
                case FigureRow r:
                    sb.Append("<div class=\"figures").Append(r.Drawings ? " drawings" : "").Append("\">\n");
                    foreach (var f in r.Figures)
                        sb.Append(r.Drawings && NaturalWidth(f.Svg) is { } w ? $"<figure style=\"--w: {w}px\">" : "<figure>").Append(StripXmlDeclaration(f.Svg))
                            .Append("<figcaption>").Append(Enc(f.Caption))
                          .Append(" <a class=\"svg-file\" href=\"").Append(SiteLinks.Relative(file, f.File)).Append("\">svg</a>")
                          .Append(f.Png is null ? "" : $" <a class=\"svg-file\" " +
                              $"href=\"{SiteLinks.Relative(file, Path.ChangeExtension(f.File, ".png"))}\">png</a>")
                          .Append("</figcaption></figure>\n");
                    sb.Append("</div>\n");
                    break;
                case AnnotatedCode a:
                    WriteAnnotated(sb, a);
                    break;
                case DetailsCode d:
                    sb.Append("<details><summary>").Append(Enc(d.Summary)).Append("</summary><pre><code>").Append(Enc(d.Text))
                        .Append("</code></pre></details>\n");
                    break;
            }
        }
        sb.Append("</main>\n<footer>Built by <code>patchbench site</code>. Every number comes from the run folders it links to.</footer>\n");
        sb.Append("<script src=\"").Append(SiteLinks.Relative(file, "sort.js")).Append("\"></script>\n</body>\n</html>\n");
        return WithoutControlCharacters(sb.ToString());
    }

    /// <summary>HTML forbids control characters (NUL and friends) that model output can hold: they become U+FFFD.</summary>
    public static string WithoutControlCharacters(string html)
    {
        if (!html.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) return html;
        return string.Create(html.Length, html, (span, text) =>
        {
            for (int i = 0; i < text.Length; i++)
                span[i] = char.IsControl(text[i]) && text[i] is not ('\n' or '\r' or '\t') ? '\uFFFD' : text[i];
        });
    }

    /// <summary>Markdown → HTML with links to .md pages pointing at their .html twins.</summary>
    public static string RenderMarkdown(string markdown, bool inline)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var link in doc.Descendants<LinkInline>())
            if (!link.IsImage && link.Url is { } url) link.Url = ToHtmlLink(url);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = inline };
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        var html = writer.ToString();
        return inline ? html.TrimEnd('\n') : html;
    }

    /// <summary>Rewrites a relative link to a .md page (with optional #fragment) to the .html page.</summary>
    public static string ToHtmlLink(string url)
    {
        if (url.Contains("://", StringComparison.Ordinal)) return url;
        var hash = url.IndexOf('#');
        var path = hash >= 0 ? url[..hash] : url;
        var fragment = hash >= 0 ? url[hash..] : "";
        return path.EndsWith(".md", StringComparison.Ordinal) ? path[..^3] + ".html" + fragment : url;
    }

    private static void WriteTable(StringBuilder sb, TableBlock t)
    {
        sb.Append("<div class=\"table-wrap\"><table");
        if (t.Id is { } id) sb.Append(" id=\"").Append(Enc(id)).Append('"');
        if (t.Sortable) sb.Append(" class=\"sortable\"");
        sb.Append(">\n<thead><tr>");
        for (int i = 0; i < t.Headers.Count; i++)
        {
            bool numeric = t.NumericColumns is { } n && i < n.Count && n[i];
            sb.Append("<th scope=\"col\"").Append(numeric ? " class=\"num\"" : "").Append(t.Sortable ? " title=\"Sort by this column\"" : "").Append('>')
                .Append(Enc(t.Headers[i])).Append("</th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                var c = row[i];
                bool numeric = t.NumericColumns is { } n && i < n.Count && n[i];
                var classes = string.Join(' ', new[] { numeric ? "num" : null, c.Class }.Where(x => x is not null));
                sb.Append("<td");
                if (classes.Length > 0) sb.Append(" class=\"").Append(classes).Append('"');
                if (c.SortValue is { } key) sb.Append(" data-sort-value=\"").Append(Enc(key)).Append('"');
                sb.Append('>').Append(c.Markdown.Length == 0 ? "" : RenderMarkdown(c.Markdown, inline: true)).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n");
    }

    private static void WriteAnnotated(StringBuilder sb, AnnotatedCode a)
    {
        var lines = a.Text.TrimEnd('\n').Split('\n');
        sb.Append("<pre class=\"annotated\"><code>");
        for (int i = 0; i < lines.Length; i++)
        {
            bool noted = a.Notes.ContainsKey(i + 1);
            sb.Append("<span class=\"line").Append(noted ? " noted" : "").Append("\"><span class=\"ln\">").Append(i + 1).Append("</span>")
              .Append(Enc(lines[i].TrimEnd('\r'))).Append("</span>");
            if (a.Notes.TryGetValue(i + 1, out var notes))
                foreach (var n in notes) sb.Append("<span class=\"note\">").Append(Enc(n)).Append("</span>");
        }
        foreach (var (_, notes) in a.Notes.Where(p => p.Key < 1 || p.Key > lines.Length).OrderBy(p => p.Key))
            foreach (var n in notes) sb.Append("<span class=\"note\">").Append(Enc(n)).Append("</span>\n");
        sb.Append("</code></pre>\n");
    }

    /// <summary>The width attribute of the root svg element (drawings are shown up to 1.5× that, never wider than their box).</summary>
    private static string? NaturalWidth(string svg)
    {
        var m = System.Text.RegularExpressions.Regex.Match(svg, "<svg[^>]*?\\swidth=\"([0-9.]+)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string StripXmlDeclaration(string svg)
    {
        var s = svg.TrimStart();
        if (s.StartsWith("<?xml", StringComparison.Ordinal)) s = s[(s.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        return s.TrimEnd();
    }

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
