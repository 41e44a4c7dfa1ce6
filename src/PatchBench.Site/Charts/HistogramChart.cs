using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>Horizontal bars, one row per key in the given order (top to bottom), one bar per series, a hotspot per bar.</summary>
internal static class HistogramChart
{
    public static ChartDraft Draft(HistogramSpec spec)
    {
        var names = spec.SeriesNames ?? [];
        int nSeries = Math.Max(1, names.Count);
        var rows = (spec.Rows ?? []).Where(r => r is not null).ToList();
        var plot = ChartStyle.NewPlot(spec.Title, names.Count > 0 && names.All(n => n.Contains('%')) ? "% of objects" : "count", "");
        var hotspots = new List<Hotspot>();
        double barWidth = 0.8 / nSeries;
        var usable = rows.SelectMany((r, ri) => (r.Counts ?? []).Take(nSeries).Select((c, s) => (Row: ri, Series: s, Count: c)))
            .Where(x => Drawable.Value(x.Count) && x.Count >= 0).ToList();
        if (usable.Count == 0) ChartStyle.NoData(plot);
        else
        {
            for (int s = 0; s < nSeries; s++)
            {
                var bars = new List<Bar>();
                foreach (var x in usable.Where(u => u.Series == s))
                {
                    // Row 0 at the top.
                    double pos = rows.Count - 1 - x.Row + 0.4 - (s + 0.5) * barWidth;
                    bars.Add(new Bar { Position = pos, Value = x.Count, Size = barWidth * 0.9, FillColor = ChartStyle.Colour(s), LineWidth = 0 });
                    var name = s < names.Count ? names[s] : "count";
                    hotspots.Add(new Hotspot("bar", HotspotShape.Rect, 0, pos - barWidth * 0.45, x.Count, pos + barWidth * 0.45,
                        $"{rows[x.Row].Key} — {name}: {ChartText.Value(x.Count)}"));
                }
                if (bars.Count == 0) continue;
                var plottable = plot.Add.Bars(bars);
                plottable.Horizontal = true;
                plottable.LegendText = ChartText.Legend(s < names.Count ? names[s] : "count", 50);
            }
            var ticks = rows.Select((r, i) => new Tick(rows.Count - 1 - i, ChartText.Short(r.Key, 22))).ToArray();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
            var (_, hi) = ChartStyle.Range(usable.Select(u => u.Count), 0.06, includeZero: true);
            plot.Axes.SetLimits(0, hi, -0.6, rows.Count - 0.4);
            if (names.Count > 1) plot.ShowLegend(Edge.Bottom);
        }
        int height = Math.Clamp(150 + rows.Count * (nSeries * 9 + 8), 300, 2400);
        var description = $"Histogram of {rows.Count} key{(rows.Count == 1 ? "" : "s")} ({string.Join(", ", names)}): " +
            string.Join("; ", rows.Take(40).Select(r => $"{r.Key} " + string.Join("/", (r.Counts ?? []).Take(nSeries).Select(ChartText.Value)))) + ".";
        return new ChartDraft(plot, 760, height, spec.Title ?? "", description, hotspots);
    }
}
