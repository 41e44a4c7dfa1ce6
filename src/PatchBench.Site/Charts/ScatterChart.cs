using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>
/// Quality against speed: one marker per system with its 95% whisker, its name beside it, the Pareto front as a step
/// line through diamond markers, and a hotspot per point (tooltip, link to the run page). X may be on a log scale.
/// </summary>
internal static class ScatterChart
{
    public const int Width = 760, Height = 460;

    public static ChartDraft Draft(ScatterChartSpec spec)
    {
        var all = spec.Points ?? [];
        var points = all.Where(p => p is not null && Drawable.Value(p.X) && Drawable.Value(p.Y) && (!spec.LogX || p.X > 0)).ToList();
        double Px(double x) => spec.LogX ? Math.Log10(x) : x;
        var plot = ChartStyle.NewPlot(spec.Title, (spec.XLabel ?? "") + (spec.LogX ? " (log scale)" : ""), spec.YLabel ?? "");
        var hotspots = new List<Hotspot>();
        var front = spec.ParetoFront ? ParetoFront.Of(points.Select(p => (p.X, p.Y)).ToList()) : [];
        var onFront = front.ToHashSet();

        if (points.Count == 0) ChartStyle.NoData(plot);
        else
        {
            // Whiskers first so markers sit on top of them.
            var whiskered = points.Where(p => Drawable.Value(p.YLow) && Drawable.Value(p.YHigh)).ToList();
            ChartStyle.Whiskers(plot, whiskered.Select(p => (Px(p.X), p.Y, Math.Min(p.YLow!.Value, p.YHigh!.Value), Math.Max(p.YLow.Value, p.YHigh.Value)))
                .ToList(), 6);
            var others = Enumerable.Range(0, points.Count).Where(i => !onFront.Contains(i)).ToList();
            if (others.Count > 0)
            {
                var s = plot.Add.ScatterPoints(others.Select(i => Px(points[i].X)).ToArray(), others.Select(i => points[i].Y).ToArray(), ChartStyle.Point);
                s.MarkerSize = 9;
                s.LegendText = "system";
            }
            if (front.Count > 0)
            {
                var f = plot.Add.Scatter(front.Select(i => Px(points[i].X)).ToArray(), front.Select(i => points[i].Y).ToArray(), ChartStyle.Front);
                // Across then down: the edge of the region the front dominates (higher X and higher Y are better).
                f.ConnectStyle = ConnectStyle.StepHorizontal;
                f.LineWidth = 2;
                f.MarkerShape = MarkerShape.FilledDiamond;
                f.MarkerSize = 12;
                f.LegendText = "Pareto front: no other system is both faster and better";
            }
            var (xlo, xhi) = ChartStyle.Range(points.Select(p => Px(p.X)), 0.12);
            var (ylo, yhi) = ChartStyle.Range(points.SelectMany(p => new[] { p.Y, p.YLow ?? p.Y, p.YHigh ?? p.Y }).Where(Drawable.Value), 0.1);
            plot.Axes.SetLimits(xlo, xhi, ylo, yhi);
            foreach (var (p, i) in points.Select((p, i) => (p, i)))
            {
                var label = plot.Add.Text(ChartText.Short(p.Label, 28), Px(p.X), p.Y);
                label.LabelFontSize = 11;
                label.LabelFontColor = Colors.Black.WithOpacity(0.8);
                // Names go right of the point, except near the right edge where they would be cut off.
                bool right = (Px(p.X) - xlo) / (xhi - xlo) < 0.72;
                label.LabelAlignment = right ? Alignment.MiddleLeft : Alignment.MiddleRight;
                label.OffsetX = right ? 9 : -9;
                label.OffsetY = onFront.Contains(i) ? -10 : 0;
                hotspots.Add(new Hotspot(onFront.Contains(i) ? "point front" : "point", HotspotShape.Circle, Px(p.X), p.Y, Px(p.X), p.Y, Tooltip(spec, p),
                    p.Href, 9));
            }
            if (spec.LogX) LogTicks(plot);
            // Below the axes, not inside them: slow, weak systems sit in the lower left, where an inside legend hid them.
            plot.ShowLegend(Edge.Bottom);
        }

        var description = $"Scatter chart of {points.Count} point{(points.Count == 1 ? "" : "s")}: {spec.YLabel} against " +
            $"{spec.XLabel}{(spec.LogX ? " on a log scale" : "")}.";
        if (front.Count > 0)
            description += " Pareto front, slowest to fastest: "
                + string.Join("; ", front.Select(i => $"{points[i].Label} ({ChartText.Value(points[i].X)}, {ChartText.Value(points[i].Y)})")) + ".";
        int skipped = all.Count - points.Count;
        if (skipped > 0) description += $" {skipped} point{(skipped == 1 ? " was" : "s were")} left out for missing or unusable " +
            $"values{(spec.LogX ? " or X not above zero" : "")}.";
        return new ChartDraft(plot, Width, Height, spec.Title ?? "", description, hotspots);
    }

    private static string Tooltip(ScatterChartSpec spec, ScatterPoint p)
    {
        var text = $"{p.Label} · {spec.XLabel}: {ChartText.Value(p.X)} · {spec.YLabel}: {ChartText.Value(p.Y)}";
        if (Drawable.Value(p.YLow) && Drawable.Value(p.YHigh))
            text += $" (95% interval {ChartText.Value(Math.Min(p.YLow!.Value, p.YHigh!.Value))}–{ChartText.Value(Math.Max(p.YLow.Value, p.YHigh.Value))})";
        return text;
    }

    /// <summary>Major ticks at whole decades labelled with the value (not its logarithm), minor ticks at 2…9.</summary>
    private static void LogTicks(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = x => ChartText.Value(Math.Pow(10, x)),
        };
        plot.Grid.XAxisStyle.MinorLineStyle.Width = 1;
        plot.Grid.XAxisStyle.MinorLineStyle.Color = Colors.Black.WithOpacity(0.04);
    }
}

/// <summary>Which values a chart can draw: finite and of a size an axis can hold (scores, rates, tokens/s).</summary>
internal static class Drawable
{
    public const double Limit = 1e12;

    public static bool Value(double v) => double.IsFinite(v) && Math.Abs(v) <= Limit;

    public static bool Value(double? v) => v is { } x && Value(x);
}
