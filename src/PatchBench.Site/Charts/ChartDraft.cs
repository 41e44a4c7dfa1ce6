using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>The shape of a <see cref="Hotspot"/>.</summary>
public enum HotspotShape
{
    /// <summary>A circle around a point (radius in pixels from <see cref="Hotspot.Radius"/>).</summary>
    Circle,
    /// <summary>A rectangle between two corners in data coordinates (a bar).</summary>
    Rect,
}

/// <summary>
/// Something a reader can point at or click in a chart: ScottPlot draws the picture, and after the layout is known the
/// hotspot becomes an invisible SVG shape over it with a tooltip (<c>&lt;title&gt;</c>) and, when given, a link.
/// </summary>
/// <param name="Class">CSS class (<c>point</c>, <c>point front</c>, <c>bar</c>): what tests and scripts find it by.</param>
/// <param name="Shape">Circle or rectangle.</param>
/// <param name="X0">X of the point, or of one corner, in data units.</param>
/// <param name="Y0">Y of the point, or of one corner.</param>
/// <param name="X1">X of the other corner (rectangles).</param>
/// <param name="Y1">Y of the other corner (rectangles).</param>
/// <param name="Tooltip">Full text shown on hover (labels in the picture may be shortened).</param>
/// <param name="Href">Relative or http(s) link, or null.</param>
/// <param name="Radius">Circle radius in pixels.</param>
public sealed record Hotspot(string Class, HotspotShape Shape, double X0, double Y0, double X1, double Y1, string Tooltip, string? Href = null,
    double Radius = 8);

/// <summary>
/// A dashed horizontal line across the data area (a bandwidth ceiling). Skia's SVG canvas cannot write dash patterns (it
/// draws them solid), so in SVG the line is written by us with <c>stroke-dasharray</c>; in PNG ScottPlot draws it.
/// </summary>
/// <param name="Y">Height in data units.</param>
/// <param name="Plottable">ScottPlot's line, made transparent while the SVG is drawn.</param>
public sealed record DashedLine(double Y, ScottPlot.Plottables.HorizontalLine Plottable);

/// <summary>A chart ready to render: the ScottPlot plot, its size, its accessible name and description, hotspots and dashed lines.</summary>
public sealed record ChartDraft(Plot Plot, int Width, int Height, string Title, string Description, IReadOnlyList<Hotspot> Hotspots,
    IReadOnlyList<DashedLine>? Dashed = null);

/// <summary>A rendered chart: SVG to embed and save, and the same picture as PNG for papers and slides.</summary>
/// <param name="Svg">Standalone SVG (no XML declaration), deterministic for the same input.</param>
/// <param name="Png">PNG at twice the SVG's pixel size, or null when not asked for.</param>
public sealed record RenderedChart(string Svg, byte[]? Png);
