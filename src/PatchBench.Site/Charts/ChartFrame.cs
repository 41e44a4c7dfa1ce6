namespace PatchBench.Site.Charts;

/// <summary>Maps data values along one axis to pixels; values outside the ticks' range are clamped to the plot edge.</summary>
internal sealed record AxisScale(AxisTicks Ticks, double From, double To, bool Log = false)
{
    public double Map(double value)
    {
        double t = Log
            ? (Math.Log10(Math.Max(value, 1e-300)) - Math.Log10(Ticks.Min)) / (Math.Log10(Ticks.Max) - Math.Log10(Ticks.Min))
            : (value - Ticks.Min) / (Ticks.Max - Ticks.Min);
        if (!double.IsFinite(t)) t = double.IsNegativeInfinity(t) ? 0 : double.IsPositiveInfinity(t) ? 1 : 0.5;
        return From + Math.Clamp(t, 0, 1) * (To - From);
    }
}

/// <summary>One legend entry.</summary>
internal sealed record LegendItem(string Name, string Colour, MarkerShape Shape = MarkerShape.Square, string Dash = "", bool Line = false, double MaxWidth = 220);

/// <summary>Titles, axes, gridlines and legends shared by the charts.</summary>
internal static class ChartFrame
{
    public const double TitleSize = 15;
    public const double SmallSize = 11;
    private const string Grid = "stroke=\"currentColor\" stroke-opacity=\"0.14\" stroke-width=\"1\"";
    private const string AxisLine = "stroke=\"currentColor\" stroke-opacity=\"0.55\" stroke-width=\"1\"";
    private const string Muted = "fill-opacity=\"0.75\"";

    public static void Title(ChartSvg svg, string title) =>
        svg.Text(12, 22, ChartSvg.Fit(title, svg.Width - 24, TitleSize), size: TitleSize, extra: "font-weight=\"600\"", tooltip: ChartSvg.Fit(title, svg.Width - 24, TitleSize) == title ? null : title);

    /// <summary>A centred note in an empty plot.</summary>
    public static void NoData(ChartSvg svg, double left, double top, double right, double bottom, string note = "No data") =>
        svg.Text((left + right) / 2, (top + bottom) / 2, note, "middle", 13, Muted);

    /// <summary>Horizontal gridlines and tick labels of a vertical value axis.</summary>
    public static void YAxis(ChartSvg svg, AxisScale scale, double left, double right, string label, double labelX = 16)
    {
        foreach (var v in scale.Ticks.Values)
        {
            double y = scale.Map(v);
            svg.Line(left, y, right, y, Grid);
            svg.Text(left - 6, y + 4, scale.Ticks.Label(v), "end", SmallSize, Muted);
        }
        svg.Line(left, scale.From, left, scale.To, AxisLine);
        if (label.Length > 0)
        {
            double mid = (scale.From + scale.To) / 2;
            var fitted = ChartSvg.Fit(label, Math.Abs(scale.From - scale.To), SmallSize + 1);
            svg.Text(labelX, mid, fitted, "middle", SmallSize + 1, $"transform=\"rotate(-90 {ChartSvg.Num(labelX)} {ChartSvg.Num(mid)})\"");
        }
    }

    /// <summary>Vertical gridlines and tick labels of a horizontal axis; labels that would collide are thinned out.</summary>
    public static void XAxis(ChartSvg svg, AxisScale scale, double top, double bottom, string label, double labelY)
    {
        var values = scale.Ticks.Values;
        double widest = values.Max(v => ChartSvg.TextWidth(scale.Ticks.Label(v), SmallSize)) + 8;
        double spacing = values.Count > 1 ? Math.Abs(scale.Map(values[1]) - scale.Map(values[0])) : widest;
        if (scale.Log && values.Count > 1)
            spacing = Enumerable.Range(1, values.Count - 1).Min(i => Math.Abs(scale.Map(values[i]) - scale.Map(values[i - 1])));
        int every = spacing <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling(widest / spacing));
        for (int i = 0; i < values.Count; i++)
        {
            double x = scale.Map(values[i]);
            svg.Line(x, top, x, bottom, Grid);
            if (i % every != 0) continue;
            // Labels at the edges of the drawing are anchored inwards instead of being cut off.
            var text = scale.Ticks.Label(values[i]);
            double half = ChartSvg.TextWidth(text, SmallSize) / 2;
            if (x + half > svg.Width - 2) svg.Text(svg.Width - 2, bottom + 16, text, "end", SmallSize, Muted);
            else if (x - half < 2) svg.Text(2, bottom + 16, text, "start", SmallSize, Muted);
            else svg.Text(x, bottom + 16, text, "middle", SmallSize, Muted);
        }
        svg.Line(scale.From, bottom, scale.To, bottom, AxisLine);
        if (label.Length > 0)
            svg.Text((scale.From + scale.To) / 2, labelY, ChartSvg.Fit(label, Math.Abs(scale.To - scale.From), SmallSize + 1), "middle", SmallSize + 1);
    }

    /// <summary>Height a legend needs when laid out in rows within <paramref name="width"/>.</summary>
    public static double LegendHeight(IReadOnlyList<LegendItem> items, double width) => LayoutLegend(items, 0, 0, width).Height;

    /// <summary>Draws the legend in rows from (<paramref name="x"/>, <paramref name="y"/>); returns its height.</summary>
    public static double Legend(ChartSvg svg, IReadOnlyList<LegendItem> items, double x, double y, double width)
    {
        var (positions, height) = LayoutLegend(items, x, y, width);
        svg.Open("g", "class=\"legend\"");
        for (int i = 0; i < items.Count; i++)
        {
            var (px, py, text) = positions[i];
            var item = items[i];
            if (item.Line)
            {
                var dash = item.Dash.Length > 0 ? $" stroke-dasharray=\"{item.Dash}\"" : "";
                svg.Line(px, py, px + 18, py, $"stroke=\"{item.Colour}\" stroke-width=\"2.5\"{dash}");
                if (item.Shape != MarkerShape.None) Marker(svg, item.Shape, px + 9, py, 3.5, $"fill=\"{item.Colour}\"");
            }
            else
                Marker(svg, item.Shape, px + 9, py, 5, $"fill=\"{item.Colour}\"");
            svg.Text(px + 24, py + 4, text, "start", SmallSize + 1, tooltip: text == item.Name ? null : item.Name);
        }
        svg.Close("g");
        return height;
    }

    private static (List<(double X, double Y, string Text)> Positions, double Height) LayoutLegend(IReadOnlyList<LegendItem> items, double x, double y, double width)
    {
        var positions = new List<(double, double, string)>();
        if (items.Count == 0) return (positions, 0);
        const double rowHeight = 18;
        double cx = x, cy = y + rowHeight / 2;
        foreach (var item in items)
        {
            var text = ChartSvg.Fit(item.Name, Math.Min(item.MaxWidth, width - 30), SmallSize + 1);
            double w = 24 + ChartSvg.TextWidth(text, SmallSize + 1) + 16;
            if (cx > x && cx + w > x + width)
            {
                cx = x;
                cy += rowHeight;
            }
            positions.Add((cx, cy, text));
            cx += w;
        }
        return (positions, cy - y + rowHeight / 2 + 4);
    }

    /// <summary>A marker centred at (<paramref name="cx"/>, <paramref name="cy"/>) with radius about <paramref name="r"/>.</summary>
    public static void Marker(ChartSvg svg, MarkerShape shape, double cx, double cy, double r, string attributes, string? tooltip = null)
    {
        switch (shape)
        {
            case MarkerShape.Square:
                svg.Polygon([(cx - r * 0.9, cy - r * 0.9), (cx + r * 0.9, cy - r * 0.9), (cx + r * 0.9, cy + r * 0.9), (cx - r * 0.9, cy + r * 0.9)], attributes, tooltip);
                break;
            case MarkerShape.Triangle:
                svg.Polygon([(cx, cy - r * 1.15), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8)], attributes, tooltip);
                break;
            case MarkerShape.Diamond:
                svg.Polygon([(cx, cy - r * 1.25), (cx + r * 1.1, cy), (cx, cy + r * 1.25), (cx - r * 1.1, cy)], attributes, tooltip);
                break;
            case MarkerShape.None:
                break;
            default:
                svg.Circle(cx, cy, r, attributes, tooltip);
                break;
        }
    }
}
