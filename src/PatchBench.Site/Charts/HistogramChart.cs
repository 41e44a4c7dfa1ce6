namespace PatchBench.Site.Charts;

/// <summary>Draws <see cref="HistogramSpec"/>: one row per key (in the given order), one horizontal bar per series in each row.</summary>
internal static class HistogramChart
{
    private const double Width = 720, RightMargin = 48;

    public static string Render(HistogramSpec spec)
    {
        var names = (spec.SeriesNames ?? []).Select(n => n ?? "").ToList();
        int nSeries = Math.Max(1, names.Count);
        var rows = (spec.Rows ?? []).Where(r => r is not null).ToList();
        double barHeight = nSeries <= 2 ? 11 : nSeries <= 4 ? 8 : 5, rowHeight = nSeries * barHeight + 8;
        double labelWidth = Math.Min(170, rows.Select(r => ChartSvg.TextWidth(r.Key ?? "", ChartFrame.SmallSize + 1)).DefaultIfEmpty(40).Max() + 14);
        double left = Math.Max(60, labelWidth + 8), right = Width - RightMargin;
        var legend = names.Select((n, i) => new LegendItem(n, ChartPalette.Colour(i), ChartPalette.Shape(i))).ToList();
        double legendHeight = names.Count > 0 ? ChartFrame.LegendHeight(legend, right - 12) : 0;
        double top = 40 + legendHeight + 8, bottom = top + Math.Max(1, rows.Count) * rowHeight, height = bottom + 48;

        var svg = new ChartSvg(Width, height);
        ChartFrame.Title(svg, spec.Title);
        if (names.Count > 0) ChartFrame.Legend(svg, legend, 12, 32, right - 12);

        bool Usable(double c) => double.IsFinite(c) && c >= 0;
        var counts = rows.SelectMany(r => (r.Counts ?? []).Take(nSeries)).Where(Usable).ToList();
        var x = new AxisScale(NiceTicks.Linear(0, Math.Max(counts.DefaultIfEmpty(0).Max(), 1e-9 + (counts.Count == 0 ? 1 : 0)), 6), left, right);
        ChartFrame.XAxis(svg, x, top, bottom, "", height - 12);
        if (rows.Count == 0) ChartFrame.NoData(svg, left, top, right, bottom);

        var description = new List<string>();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            double rowTop = top + r * rowHeight + 4;
            var key = row.Key ?? "";
            var keyLabel = ChartSvg.Fit(key, labelWidth - 8, ChartFrame.SmallSize + 1);
            svg.Open("g", "class=\"row\"");
            svg.Text(left - 8, rowTop + nSeries * barHeight / 2 + 4, keyLabel, "end", ChartFrame.SmallSize + 1, "class=\"key\"", keyLabel == key ? null : key);
            var rowCounts = row.Counts ?? [];
            for (int s = 0; s < Math.Min(nSeries, rowCounts.Count); s++)
            {
                double c = rowCounts[s];
                if (!Usable(c)) continue;
                double by = rowTop + s * barHeight, bx = x.Map(c);
                var seriesName = s < names.Count ? names[s] : "";
                svg.Rect(left, by, bx - left, barHeight - 1, $"class=\"bar\" fill=\"{ChartPalette.Colour(s)}\"", $"{key} — {seriesName}: {ChartSvg.Value(c)}");
                if (barHeight >= 8 && bx + 4 + ChartSvg.TextWidth(ChartSvg.Value(c), 9) <= Width)
                    svg.Text(bx + 3, by + barHeight - 2, ChartSvg.Value(c), "start", 9, "class=\"value\" fill-opacity=\"0.75\"");
            }
            svg.Close("g");
            description.Add($"{key}: " + string.Join(", ", rowCounts.Take(nSeries).Select((c, s) => $"{(s < names.Count ? names[s] : "")} {ChartSvg.Value(c)}")));
        }
        var summary = $"Horizontal histogram of {rows.Count} key{(rows.Count == 1 ? "" : "s")} for {string.Join(" and ", names)}" + (description.Count > 0 ? ". " + string.Join("; ", description) + "." : ".");
        return svg.Finish(spec.Title ?? "", summary);
    }
}
