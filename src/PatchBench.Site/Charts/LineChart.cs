using System.Globalization;
using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>
/// One line per series (a model family across checkpoints, a loss curve) with markers, a legend, X as a number or as a
/// date (yyyy-MM-dd ticks), and a hotspot per marked point.
/// </summary>
internal static class LineChart
{
    public const int Width = 760, Height = 420;
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Dates are kept to 1900-01-01 … 2200-01-01 (days since 1970): the range a checkpoint can plausibly have.
    public static ChartDraft Draft(LineChartSpec spec)
    {
        var series = (spec.Series ?? []).Where(s => s is not null)
            .Select(s => (s.Name, s.Markers, Points: (s.Points ?? []).Where(p => p is not null && Drawable.Value(p.X) && Drawable.Value(p.Y)
                && (!spec.XIsDate || p.X is >= -25567 and <= 83572)).OrderBy(p => p.X).ToList()))
            .ToList();
        double X(double x) => spec.XIsDate ? Epoch.AddDays(x).ToOADate() : x;
        var plot = ChartStyle.NewPlot(spec.Title, spec.XLabel ?? "", spec.YLabel ?? "");
        var hotspots = new List<Hotspot>();
        var drawn = series.Where(s => s.Points.Count > 0).ToList();
        if (drawn.Count == 0) ChartStyle.NoData(plot);
        else
        {
            foreach (var (s, i) in series.Select((s, i) => (s, i)).Where(x => x.s.Points.Count > 0))
            {
                var line = plot.Add.Scatter(s.Points.Select(p => X(p.X)).ToArray(), s.Points.Select(p => p.Y).ToArray(), ChartStyle.Colour(i));
                line.LegendText = ChartText.Legend(s.Name);
                line.LineWidth = 2;
                line.MarkerShape = s.Markers ? ChartStyle.Marker(i) : MarkerShape.None;
                line.MarkerSize = s.Markers ? 8 : 0;
                if (!s.Markers) continue;
                foreach (var p in s.Points)
                    hotspots.Add(new Hotspot("point", HotspotShape.Circle, X(p.X), p.Y, X(p.X), p.Y,
                        $"{s.Name}{(p.Label is null ? "" : " — " + p.Label)} · {spec.XLabel}: {XText(spec, p.X)} · {spec.YLabel}: {ChartText.Value(p.Y)}",
                            p.Href, 7));
            }
            var (xlo, xhi) = ChartStyle.Range(drawn.SelectMany(s => s.Points).Select(p => X(p.X)), 0.04);
            var (ylo, yhi) = ChartStyle.Range(drawn.SelectMany(s => s.Points).Select(p => p.Y), 0.08);
            plot.Axes.SetLimits(xlo, xhi, ylo, yhi);
            if (spec.XIsDate)
            {
                var dates = plot.Axes.DateTimeTicksBottom();
                ((ScottPlot.TickGenerators.DateTimeAutomatic)dates.TickGenerator).LabelFormatter = d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            plot.ShowLegend(drawn.Count > 4 ? Edge.Right : Edge.Bottom);
        }
        var description = $"Line chart of {drawn.Count} series: " +
            string.Join("; ", drawn.Select(s => $"{s.Name}: " + string.Join(", ", s.Points.Take(12).Select(p => $"{XText(spec, p.X)} → {ChartText.Value(p.Y)}"))
                + (s.Points.Count > 12 ? $", … ({s.Points.Count} points)" : ""))) + ".";
        return new ChartDraft(plot, Width + (drawn.Count > 4 ? 160 : 0), Height, spec.Title ?? "", description, hotspots);
    }

    private static string XText(LineChartSpec spec, double x) =>
        spec.XIsDate ? Epoch.AddDays(Math.Floor(x)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ChartText.Value(x);
}
