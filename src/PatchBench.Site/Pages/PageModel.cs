namespace PatchBench.Site.Pages;

/// <summary>
/// A page as a list of blocks, written twice: as Markdown (readable on a code host) and as HTML. Prose is Markdown in
/// both; tables, figures and annotated code are blocks of their own so the HTML can carry sort keys, inline SVG and
/// line-anchored diagnostics that Markdown cannot express.
/// </summary>
/// <param name="Path">Path of the page inside the site without extension, '/'-separated (e.g. <c>runs/core-empty-1</c>).</param>
/// <param name="Title">Page title.</param>
/// <param name="Blocks">Content in order.</param>
public sealed record Page(string Path, string Title, IReadOnlyList<Block> Blocks);

/// <summary>A piece of a page.</summary>
public abstract record Block;

/// <summary>Markdown text (headings, paragraphs, lists, links to other pages' <c>.md</c> files).</summary>
public sealed record MarkdownBlock(string Markdown) : Block;

/// <summary>A table cell: Markdown inline text and an optional sort key (numbers sort numerically).</summary>
public sealed record Cell(string Markdown, string? SortValue = null, string? Class = null);

/// <summary>A table; a sortable one gets clickable headers in HTML.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows, bool Sortable = false, string? Id = null,
    IReadOnlyList<bool>? NumericColumns = null) : Block;

/// <summary>An SVG figure: saved as its own file (referenced from Markdown) and inlined in HTML.</summary>
/// <param name="File">Site-relative path of the .svg file.</param>
/// <param name="Svg">The SVG text.</param>
/// <param name="Caption">Alt text and caption.</param>
/// <param name="FileSvg">The SVG for the .svg file when it must differ from the inline one (links relative to the file's folder), else null.</param>
/// <param name="Png">The same chart as PNG, written beside the .svg file (same name, .png), or null (patch drawings).</param>
public sealed record Figure(string File, string Svg, string Caption, string? FileSvg = null, byte[]? Png = null)
{
    /// <summary>
    /// A chart figure: <paramref name="draw"/> gets the element id (from the file name, so unique per page) and whether
    /// to render the PNG; <paramref name="drawForFile"/>, when given, draws the standalone file's variant (other links).
    /// </summary>
    public static Figure Chart(string file, string caption, Func<string, bool, Charts.RenderedChart> draw, Func<string, bool,
        Charts.RenderedChart>? drawForFile = null)
    {
        var id = "chart-" + Html.SiteLinks.Slug(System.IO.Path.GetFileNameWithoutExtension(file)).Replace('.', '-');
        var chart = draw(id, true);
        return new Figure(file, chart.Svg, caption, drawForFile?.Invoke(id, false).Svg, chart.Png);
    }
}

/// <summary>Figures side by side (wrapping on narrow screens); <paramref name="Drawings"/> marks patch drawings, shown enlarged.</summary>
public sealed record FigureRow(IReadOnlyList<Figure> Figures, bool Drawings = false) : Block;

/// <summary>Code with notes at some of its lines (lint diagnostics beside the patch text).</summary>
/// <param name="Text">The code.</param>
/// <param name="Notes">1-based line → notes for that line.</param>
public sealed record AnnotatedCode(string Text, IReadOnlyDictionary<int, IReadOnlyList<string>> Notes) : Block;

/// <summary>A collapsible code block (raw model output, full prompt).</summary>
public sealed record DetailsCode(string Summary, string Text) : Block;
