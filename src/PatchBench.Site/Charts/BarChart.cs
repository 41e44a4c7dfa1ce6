using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>
/// Grouped bars: one group per label (category, test), one coloured bar per series with its value written on top and its
/// 95% interval (or ± sd) as a whisker, dashed horizontal reference lines (a ceiling) named in the legend, and a hotspot
/// per bar with the full text.
/// </summary>
internal static class BarChart
{
    private const double GroupWidth = 0.8;

    public static ChartDraft Draft(BarChartSpec spec)
    {
        var groups = (spec.Groups ?? []).Where(g => g is not null).ToList();
        var values = groups.SelectMany((g, gi) => (g.Values ?? []).Where(v => v is not null && Drawable.Value(v.Value)).Select(v => (Group: gi, V: v)))
            .ToList();
        var series = values.Select(x => x.V.Series ?? "").Distinct().ToList();
        var lines = (spec.Lines ?? []).Where(l => l is not null && Drawable.Value(l.Value)).ToList();
        int width = Math.Clamp(140 + groups.Count * Math.Max(60, series.Count * 26 + 24), 760, 1600);
        var plot = ChartStyle.NewPlot(spec.Title, "", spec.YLabel ?? "");
        var hotspots = new List<Hotspot>();
        var dashed = new List<DashedLine>();
        double barWidth = GroupWidth / Math.Max(1, series.Count);

        if (values.Count == 0 && lines.Count == 0) ChartStyle.NoData(plot);
        else
        {
            var whiskers = new List<(double X, double Y, double Lo, double Hi)>();
            foreach (var (name, s) in series.Select((name, s) => (name, s)))
            {
                var bars = new List<Bar>();
                foreach (var (gi, v) in values.Where(x => (x.V.Series ?? "") == name))
                {
                    double x = gi - GroupWidth / 2 + (s + 0.5) * barWidth;
                    bars.Add(new Bar
                    {
                        Position = x, Value = v.Value, Size = barWidth * 0.92, FillColor = ChartStyle.Colour(s), LineWidth = 0,
                        Label = ChartText.Value(v.Value),
                    });
                    string tip = $"{groups[gi].Label} — {v.Series}: {ChartText.Value(v.Value)}";
                    if (Drawable.Value(v.Low) && Drawable.Value(v.High))
                    {
                        double lo = Math.Min(v.Low!.Value, v.High!.Value), hi = Math.Max(v.Low.Value, v.High.Value);
                        whiskers.Add((x, v.Value, lo, hi));
                        tip += $" (interval {ChartText.Value(lo)}–{ChartText.Value(hi)})";
                    }
                    hotspots.Add(new Hotspot("bar", HotspotShape.Rect, x - barWidth * 0.46, 0, x + barWidth * 0.46, v.Value, tip));
                }
                var plottable = plot.Add.Bars(bars);
                plottable.LegendText = ChartText.Legend(name);
                plottable.ValueLabelStyle.FontSize = series.Count > 4 ? 8 : 10;
                plottable.ValueLabelStyle.FontName = ChartFont.Family;
            }
            ChartStyle.Whiskers(plot, whiskers, 5);
            foreach (var line in lines)
            {
                var h = plot.Add.HorizontalLine(line.Value, 1.5f, Colors.Black.WithOpacity(0.75), LinePattern.Dashed);
                h.LegendText = ChartText.Legend($"{line.Label}: {ChartText.Value(line.Value)}", 70);
                dashed.Add(new DashedLine(line.Value, h));
            }
            var extent = values.SelectMany(x => new[] { x.V.Value, x.V.Low ?? x.V.Value, x.V.High ?? x.V.Value }).Where(Drawable.Value)
                .Concat(lines.Select(l => l.Value)).ToList();
            var (lo0, hi0) = ChartStyle.Range(extent, 0.12, includeZero: true);
            if (spec.YMax is { } cap && Drawable.Value(cap) && cap > lo0 && cap >= extent.DefaultIfEmpty(0).Max()) hi0 = cap * 1.08;
            plot.Axes.SetLimits(-0.6, Math.Max(0, groups.Count - 1) + 0.6, lo0, hi0);
            var ticks = groups.Select((g, i) => new Tick(i, ChartText.Short(g.Label, series.Count > 3 ? 24 : 18))).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            if (groups.Count > 6 || groups.Any(g => (g.Label ?? "").Length > 14))
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            }
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
            if (series.Count > 1 || lines.Count > 0) plot.ShowLegend(Edge.Bottom);
        }

        var description = $"Bar chart, {groups.Count} group{(groups.Count == 1 ? "" : "s")} × {series.Count} series: " +
            string.Join("; ", groups.Select((g, gi) => $"{g.Label}: "
                + string.Join(", ", values.Where(x => x.Group == gi).Select(x => $"{x.V.Series} {ChartText.Value(x.V.Value)}")))) + ".";
        if (lines.Count > 0) description += " Reference lines: " + string.Join("; ", lines.Select(l => $"{l.Label} {ChartText.Value(l.Value)}")) + ".";
        return new ChartDraft(plot, width, 420, spec.Title ?? "", description, hotspots, dashed);
    }
}
