namespace PatchBench.Site.Charts;

/// <summary>Draws <see cref="LineChartSpec"/>: one line with markers per series, a legend, date or number X axis.</summary>
internal static class LineChart
{
    private const double Width = 720, Left = 72, Right = Width - 40, PlotHeight = 280, BottomMargin = 54;

    public static string Render(LineChartSpec spec)
    {
        var series = (spec.Series ?? []).Where(s => s is not null)
            .Select(s => (s.Name, Points: (s.Points ?? []).Where(p => p is not null && double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ThenBy(p => p.Y).ToList()))
            .ToList();
        var legend = series.Select((s, i) => new LegendItem(s.Name ?? "", ChartPalette.Colour(i), ChartPalette.Shape(i), ChartPalette.Dash(i), Line: true)).ToList();
        double legendHeight = series.Count > 0 ? ChartFrame.LegendHeight(legend, Right - Left) : 0;
        double top = 40 + legendHeight + 12, bottom = top + PlotHeight, height = bottom + BottomMargin;
        var svg = new ChartSvg(Width, height);
        ChartFrame.Title(svg, spec.Title);
        if (series.Count > 0) ChartFrame.Legend(svg, legend, Left, 32, Right - Left);

        var all = series.SelectMany(s => s.Points).ToList();
        var xTicks = spec.XIsDate
            ? NiceTicks.Dates(all.Select(p => p.X).DefaultIfEmpty(0).Min(), all.Select(p => p.X).DefaultIfEmpty(1).Max(), 6)
            : NiceTicks.Linear(all.Select(p => p.X).DefaultIfEmpty(0).Min(), all.Select(p => p.X).DefaultIfEmpty(1).Max(), 6);
        var yTicks = NiceTicks.Linear(all.Select(p => p.Y).DefaultIfEmpty(0).Min(), all.Select(p => p.Y).DefaultIfEmpty(1).Max(), 5);
        var x = new AxisScale(xTicks, Left, Right);
        var y = new AxisScale(yTicks, bottom, top);
        ChartFrame.YAxis(svg, y, Left, Right, spec.YLabel ?? "");
        ChartFrame.XAxis(svg, x, top, bottom, spec.XLabel ?? "", height - 12);
        if (all.Count == 0) ChartFrame.NoData(svg, Left, top, Right, bottom);

        string FormatX(double v) => spec.XIsDate ? NiceTicks.FormatDate(v) : ChartSvg.Value(v);
        var description = new List<string>();
        for (int i = 0; i < series.Count; i++)
        {
            var (name, points) = series[i];
            string colour = ChartPalette.Colour(i), dash = ChartPalette.Dash(i);
            svg.Open("g", $"class=\"series\"");
            if (points.Count > 1)
                svg.Polyline(points.Select(p => (x.Map(p.X), y.Map(p.Y))).ToList(),
                    $"class=\"series-line\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")}");
            foreach (var p in points)
            {
                var tip = $"{name}{(string.IsNullOrEmpty(p.Label) ? "" : " — " + p.Label)}\n{spec.XLabel}: {FormatX(p.X)}\n{spec.YLabel}: {ChartSvg.Value(p.Y)}";
                ChartFrame.Marker(svg, ChartPalette.Shape(i), x.Map(p.X), y.Map(p.Y), 4.5, $"class=\"point\" fill=\"{colour}\" stroke=\"currentColor\" stroke-opacity=\"0.5\"", tip);
            }
            svg.Close("g");
            description.Add($"{name}: " + (points.Count == 0 ? "no points" : string.Join(", ", points.Select(p => $"{FormatX(p.X)} → {ChartSvg.Value(p.Y)}"))));
        }
        var summary = $"Line chart of {spec.YLabel} against {spec.XLabel} for {series.Count} series" + (description.Count > 0 ? ". " + string.Join("; ", description) + "." : ".");
        return svg.Finish(spec.Title ?? "", summary);
    }
}
