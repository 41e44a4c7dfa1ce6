namespace PatchBench.Site.Charts;

/// <summary>Draws <see cref="BarChartSpec"/>: grouped bars with whiskers, value labels, a legend and dashed reference lines.</summary>
internal static class BarChart
{
    private const string RefDash = "6 4";
    private const double Left = 72, RightMargin = 28, PlotHeight = 280, BottomMargin = 52;

    public static string Render(BarChartSpec spec)
    {
        var groups = (spec.Groups ?? []).Where(g => g is not null).ToList();
        var series = groups.SelectMany(g => g.Values ?? []).Where(v => v is not null).Select(v => v.Series ?? "").Distinct().ToList();
        int nSeries = Math.Max(1, series.Count);
        double minGroupWidth = nSeries * 12 + 18;
        double width = Math.Max(720, Left + RightMargin + groups.Count * minGroupWidth);
        double right = width - RightMargin;

        var lines = (spec.Lines ?? []).Where(l => l is not null && double.IsFinite(l.Value)).ToList();
        // Reference lines are named in the legend (a label beside the line would often sit on bars).
        var legend = series.Select((s, i) => new LegendItem(s, ChartPalette.Colour(i), ChartPalette.Shape(i)))
            .Concat(lines.Select(l => new LegendItem($"{l.Label}: {ChartSvg.Value(l.Value)}", "currentColor", MarkerShape.None, RefDash, Line: true, MaxWidth: 420)))
            .ToList();
        double legendHeight = legend.Count > 0 ? ChartFrame.LegendHeight(legend, right - Left) : 0;
        double top = 40 + legendHeight + 12, bottom = top + PlotHeight, height = bottom + BottomMargin;
        var svg = new ChartSvg(width, height);
        ChartFrame.Title(svg, spec.Title);
        if (legend.Count > 0) ChartFrame.Legend(svg, legend, Left, 32, right - Left);

        var values = groups.SelectMany(g => g.Values ?? []).Where(v => v is not null && double.IsFinite(v.Value)).ToList();
        var extent = values.SelectMany(v => new[] { v.Value, v.Low ?? v.Value, v.High ?? v.Value })
            .Concat(lines.Select(l => l.Value)).Where(double.IsFinite).Append(0).ToList();
        double yMin = extent.Min(), yMax = extent.Max();
        if (spec.YMax is { } cap && double.IsFinite(cap) && cap > yMin) yMax = cap;
        if (yMax == yMin) yMax = yMin + 1;
        var y = new AxisScale(NiceTicks.Linear(yMin, yMax, 5), bottom, top);
        ChartFrame.YAxis(svg, y, Left, right, spec.YLabel ?? "");
        svg.Line(Left, bottom, right, bottom, "stroke=\"currentColor\" stroke-opacity=\"0.55\"");
        double zero = y.Map(0);

        if (values.Count == 0) ChartFrame.NoData(svg, Left, top, right, bottom);
        double groupWidth = groups.Count > 0 ? (right - Left) / groups.Count : right - Left;
        double barWidth = Math.Min(48, (groupWidth - 14) / nSeries);
        var description = new List<string>();
        var barBoxes = new List<(double X0, double Y0, double X1, double Y1)>();
        for (int g = 0; g < groups.Count; g++)
            foreach (var v in (groups[g].Values ?? []).Where(v => v is not null && double.IsFinite(v.Value)))
            {
                double x0 = Left + g * groupWidth + groupWidth / 2 - barWidth * nSeries / 2 + series.IndexOf(v.Series ?? "") * barWidth;
                double top0 = Math.Min(y.Map(v.Value), zero) - 16;
                if (v.High is { } h && double.IsFinite(h)) top0 = Math.Min(top0, y.Map(h) - 16);
                barBoxes.Add((x0, top0, x0 + barWidth, Math.Max(y.Map(v.Value), zero)));
            }
        // Reference lines go under the bars; their labels only where no bar is in the way.
        foreach (var line in lines)
        {
            double ly = y.Map(line.Value);
            svg.Line(Left, ly, right, ly, $"class=\"refline\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-dasharray=\"{RefDash}\"");
            var text = ChartSvg.Fit($"{line.Label}: {ChartSvg.Value(line.Value)}", right - Left - 8, ChartFrame.SmallSize);
            double w = ChartSvg.TextWidth(text, ChartFrame.SmallSize);
            foreach (var ty in new[] { ly - 5, ly + 14 })
            {
                double y0 = ty - ChartFrame.SmallSize, x0 = right - 4 - w;
                bool clear = y0 >= top && ty <= bottom && !barBoxes.Any(b => b.X0 < right - 4 && x0 < b.X1 && b.Y0 < ty + 2 && y0 < b.Y1);
                if (!clear) continue;
                svg.Text(right - 4, ty, text, "end", ChartFrame.SmallSize, "class=\"refline-label\" font-style=\"italic\"");
                break;
            }
            description.Add($"reference line {line.Label}: {ChartSvg.Value(line.Value)}");
        }

        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            double groupLeft = Left + g * groupWidth, centre = groupLeft + groupWidth / 2;
            double barsLeft = centre - barWidth * nSeries / 2;
            svg.Open("g", $"class=\"group\"");
            foreach (var v in (group.Values ?? []).Where(v => v is not null && double.IsFinite(v.Value)))
            {
                int s = series.IndexOf(v.Series ?? "");
                double x0 = barsLeft + s * barWidth + 1, w = barWidth - 2, yv = y.Map(v.Value);
                string tip = $"{group.Label} — {v.Series}: {ChartSvg.Value(v.Value)}";
                bool whisker = v.Low is { } lo && v.High is { } hi && double.IsFinite(lo) && double.IsFinite(hi);
                if (whisker) tip += $" (95% interval {ChartSvg.Value(Math.Min(v.Low!.Value, v.High!.Value))}–{ChartSvg.Value(Math.Max(v.Low.Value, v.High.Value))})";
                svg.Rect(x0, Math.Min(yv, zero), w, Math.Abs(zero - yv), $"class=\"bar\" fill=\"{ChartPalette.Colour(s)}\"", tip);
                double labelAbove = Math.Min(yv, zero);
                if (whisker)
                {
                    double y0 = y.Map(Math.Min(v.Low!.Value, v.High!.Value)), y1 = y.Map(Math.Max(v.Low.Value, v.High.Value)), cx = x0 + w / 2, capWidth = Math.Min(5, w / 3);
                    svg.Line(cx, y0, cx, y1, "class=\"whisker\" stroke=\"currentColor\" stroke-width=\"1.2\"");
                    svg.Line(cx - capWidth, y0, cx + capWidth, y0, "stroke=\"currentColor\" stroke-width=\"1.2\"");
                    svg.Line(cx - capWidth, y1, cx + capWidth, y1, "stroke=\"currentColor\" stroke-width=\"1.2\"");
                    labelAbove = Math.Min(labelAbove, y1);
                }
                var label = ChartSvg.Value(v.Value);
                if (ChartSvg.TextWidth(label, 10) + 2 <= barWidth && labelAbove - 4 - 10 >= top)
                    svg.Text(x0 + w / 2, labelAbove - 4, label, "middle", 10, "class=\"value\" fill-opacity=\"0.8\"");
                description.Add($"{group.Label}, {v.Series}: {label}");
            }
            var groupLabel = ChartSvg.Fit(group.Label, groupWidth - 4, ChartFrame.SmallSize + 1);
            svg.Text(centre, bottom + 18, groupLabel, "middle", ChartFrame.SmallSize + 1, "class=\"group-label\"", groupLabel == group.Label ? null : group.Label);
            svg.Close("g");
        }

        var summary = $"Bar chart of {spec.YLabel} for {groups.Count} group{(groups.Count == 1 ? "" : "s")} and {series.Count} series" +
                      (description.Count > 0 ? ". " + string.Join("; ", description) + "." : ".");
        return svg.Finish(spec.Title ?? "", summary);
    }
}
