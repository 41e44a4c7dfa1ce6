namespace PatchBench.Site.Charts;

/// <summary>Draws <see cref="ScatterChartSpec"/>: points with whiskers, labels, and the Pareto front as a step line.</summary>
internal static class ScatterChart
{
    private const double Width = 720, Height = 440;
    private const double Left = 72, Right = Width - 40, Top = 62, Bottom = Height - 54;
    private const string PointColour = "#0072B2", FrontColour = "#D55E00";

    public static string Render(ScatterChartSpec spec)
    {
        var svg = new ChartSvg(Width, Height);
        var all = spec.Points ?? [];
        var points = all.Where(p => p is not null && double.IsFinite(p.X) && double.IsFinite(p.Y) && (!spec.LogX || p.X > 0)).ToList();
        int skipped = all.Count - points.Count;

        ChartFrame.Title(svg, spec.Title);
        var xs = points.Select(p => p.X).ToList();
        var ys = points.SelectMany(p => new[] { p.Y, p.YLow ?? p.Y, p.YHigh ?? p.Y }).Where(double.IsFinite).ToList();
        var xTicks = spec.LogX
            ? NiceTicks.Log10(xs.DefaultIfEmpty(1).Min(), xs.DefaultIfEmpty(10).Max())
            : NiceTicks.Linear(xs.DefaultIfEmpty(0).Min(), xs.DefaultIfEmpty(1).Max(), 6);
        var yTicks = NiceTicks.Linear(ys.DefaultIfEmpty(0).Min(), ys.DefaultIfEmpty(1).Max(), 5);
        var x = new AxisScale(xTicks, Left, Right, spec.LogX);
        var y = new AxisScale(yTicks, Bottom, Top);
        ChartFrame.YAxis(svg, y, Left, Right, spec.YLabel ?? "");
        ChartFrame.XAxis(svg, x, Top, Bottom, (spec.XLabel ?? "") + (spec.LogX ? " (log scale)" : ""), Height - 12);

        var front = spec.ParetoFront ? ParetoFront.Of(points.Select(p => (p.X, p.Y)).ToList()) : [];
        var onFront = front.ToHashSet();
        var legend = new List<LegendItem> { new("System", PointColour, MarkerShape.Circle) };
        if (spec.ParetoFront && front.Count > 0) legend.Add(new("Pareto front: no other system is both faster and better", FrontColour, MarkerShape.Diamond, Line: true, MaxWidth: 420));
        ChartFrame.Legend(svg, legend, Left, 32, Right - Left);

        if (points.Count == 0) ChartFrame.NoData(svg, Left, Top, Right, Bottom);

        // Whiskers, the front line and markers are obstacles the point labels avoid.
        var obstacles = new List<Box>();
        // Whiskers under everything else.
        svg.Open("g", "class=\"whiskers\" stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-width=\"1.2\"");
        foreach (var p in points)
            if (p.YLow is { } lo && p.YHigh is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
            {
                double px = x.Map(p.X), y0 = y.Map(Math.Min(lo, hi)), y1 = y.Map(Math.Max(lo, hi));
                svg.Line(px, y0, px, y1, "class=\"whisker\"");
                obstacles.Add(new Box(px - 4, Math.Min(y0, y1) - 1, px + 4, Math.Max(y0, y1) + 1));
                svg.Line(px - 4, y0, px + 4, y0, "");
                svg.Line(px - 4, y1, px + 4, y1, "");
            }
        svg.Close("g");

        if (front.Count > 1)
        {
            // The boundary of the region the front dominates: down from each front point, then across to the next.
            var step = new List<(double, double)>();
            for (int i = 0; i < front.Count; i++)
            {
                var p = points[front[i]];
                if (i > 0) step.Add((x.Map(p.X), y.Map(points[front[i - 1]].Y)));
                step.Add((x.Map(p.X), y.Map(p.Y)));
            }
            for (int i = 1; i < step.Count; i++)
                obstacles.Add(new Box(Math.Min(step[i - 1].Item1, step[i].Item1) - 2, Math.Min(step[i - 1].Item2, step[i].Item2) - 2,
                                      Math.Max(step[i - 1].Item1, step[i].Item1) + 2, Math.Max(step[i - 1].Item2, step[i].Item2) + 2));
            svg.Polyline(step, $"class=\"pareto\" fill=\"none\" stroke=\"{FrontColour}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-opacity=\"0.85\"");
        }

        // Points: front points last so they sit on top.
        var drawOrder = Enumerable.Range(0, points.Count).OrderBy(i => onFront.Contains(i)).ThenBy(i => i).ToList();
        var markers = new List<Box>();
        foreach (var i in drawOrder)
        {
            var p = points[i];
            double px = x.Map(p.X), py = y.Map(p.Y);
            bool isFront = onFront.Contains(i);
            var href = ChartSvg.SafeHref(p.Href);
            if (href is not null) svg.Open("a", $"href=\"{ChartSvg.Escape(href)}\"");
            var tip = Tooltip(spec, p);
            if (isFront)
                ChartFrame.Marker(svg, MarkerShape.Diamond, px, py, 6, $"class=\"point front\" fill=\"{FrontColour}\" stroke=\"currentColor\" stroke-width=\"1\"", tip);
            else
                ChartFrame.Marker(svg, MarkerShape.Circle, px, py, 5, $"class=\"point\" fill=\"{PointColour}\" fill-opacity=\"0.9\"", tip);
            if (href is not null) svg.Close("a");
            markers.Add(new Box(px - 6, py - 6, px + 6, py + 6));
        }

        PlaceLabels(svg, points, front, x, y, markers, obstacles);

        var description = $"Scatter chart of {points.Count} point{(points.Count == 1 ? "" : "s")}: {spec.YLabel} against {spec.XLabel}{(spec.LogX ? " on a log scale" : "")}.";
        if (front.Count > 0)
            description += " Pareto front, slowest to fastest: " + string.Join("; ", front.Select(i => $"{points[i].Label} ({ChartSvg.Value(points[i].X)}, {ChartSvg.Value(points[i].Y)})")) + ".";
        if (skipped > 0) description += $" {skipped} point{(skipped == 1 ? " was" : "s were")} left out for missing or non-finite values{(spec.LogX ? " or X not above zero" : "")}.";
        return svg.Finish(spec.Title ?? "", description);
    }

    private static string Tooltip(ScatterChartSpec spec, ScatterPoint p)
    {
        var text = $"{p.Label}\n{spec.XLabel}: {ChartSvg.Value(p.X)}\n{spec.YLabel}: {ChartSvg.Value(p.Y)}";
        if (p.YLow is { } lo && p.YHigh is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
            text += $" (95% interval {ChartSvg.Value(lo)}–{ChartSvg.Value(hi)})";
        return text;
    }

    private sealed record Box(double X0, double Y0, double X1, double Y1)
    {
        public bool Overlaps(Box o) => X0 < o.X1 && o.X0 < X1 && Y0 < o.Y1 && o.Y0 < Y1;
    }

    /// <summary>
    /// Greedy label placement: front points first, then the rest; each label takes the first of
    /// right, left, the four diagonals, above, below that overlaps no placed label, no other marker,
    /// stays in the plot and (if possible) crosses no whisker or front line. A label with no free spot is left out (the point keeps its tooltip).
    /// </summary>
    private static void PlaceLabels(ChartSvg svg, List<ScatterPoint> points, IReadOnlyList<int> front, AxisScale x, AxisScale y, List<Box> markers, List<Box> obstacles)
    {
        const double size = ChartFrame.SmallSize;
        var placed = new List<Box>();
        var order = front.Concat(Enumerable.Range(0, points.Count).Where(i => !front.Contains(i)).OrderByDescending(i => points[i].Y).ThenBy(i => i)).ToList();
        svg.Open("g", "class=\"labels\"");
        foreach (var i in order)
        {
            var p = points[i];
            var text = ChartSvg.Fit(p.Label, 150, size);
            if (text.Length == 0) continue;
            double px = x.Map(p.X), py = y.Map(p.Y), w = ChartSvg.TextWidth(text, size), h = size + 2;
            var own = new Box(px - 6, py - 6, px + 6, py + 6);
            var candidates = new (double Tx, double Ty, string Anchor, Box Box)[]
            {
                (px + 9, py + 4, "start", new Box(px + 9, py - h / 2, px + 9 + w, py + h / 2)),
                (px - 9, py + 4, "end", new Box(px - 9 - w, py - h / 2, px - 9, py + h / 2)),
                (px + 7, py - 8, "start", new Box(px + 7, py - 8 - h + 3, px + 7 + w, py - 5)),
                (px + 7, py + 16, "start", new Box(px + 7, py + 5, px + 7 + w, py + 5 + h)),
                (px - 7, py - 8, "end", new Box(px - 7 - w, py - 8 - h + 3, px - 7, py - 5)),
                (px - 7, py + 16, "end", new Box(px - 7 - w, py + 5, px - 7, py + 5 + h)),
                (px, py - 10, "middle", new Box(px - w / 2, py - 10 - h + 3, px + w / 2, py - 7)),
                (px, py + 19, "middle", new Box(px - w / 2, py + 8, px + w / 2, py + 8 + h)),
            };
            bool Free((double Tx, double Ty, string Anchor, Box Box) c, bool avoidLines) =>
                c.Box.X0 >= Left - 4 && c.Box.X1 <= Right + 4 && c.Box.Y0 >= Top - 6 && c.Box.Y1 <= Bottom
                && !placed.Any(b => b.Overlaps(c.Box)) && !markers.Any(m => m != own && m.Overlaps(c.Box))
                && (!avoidLines || !obstacles.Any(o => o.Overlaps(c.Box)));
            // Prefer a spot clear of whiskers and the front line; crossing a line beats losing the label.
            var spot = candidates.Where(c => Free(c, true)).Concat(candidates.Where(c => Free(c, false))).Take(1).ToList();
            if (spot.Count == 0) continue;
            svg.Text(spot[0].Tx, spot[0].Ty, text, spot[0].Anchor, size, "class=\"label\"");
            placed.Add(spot[0].Box);
        }
        svg.Close("g");
    }
}
