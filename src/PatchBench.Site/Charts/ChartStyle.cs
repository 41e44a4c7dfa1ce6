using ScottPlot;

namespace PatchBench.Site.Charts;

/// <summary>
/// The look every chart shares: DejaVu Sans, a bold title, light grid, no top/right frame lines, and the Okabe–Ito
/// colours from ScottPlot's colour-blind-friendly palette (without its black, yellow last: it reads worst on white).
/// Past seven series the colours repeat with another marker (not another dash pattern: Skia's SVG canvas draws dashes solid).
/// </summary>
public static class ChartStyle
{
    // Indices into ScottPlot's ColorblindFriendly palette: blue, orange, green, vermillion, purple, sky blue, yellow.
    private static readonly int[] Order = [5, 1, 3, 6, 7, 2, 4];
    private static readonly Color[] Palette = new ScottPlot.Palettes.ColorblindFriendly().Colors;

    /// <summary>Colour of the series at <paramref name="index"/>.</summary>
    public static Color Colour(int index) => Palette[Order[((index % Order.Length) + Order.Length) % Order.Length]];

    /// <summary>Marker of the series at <paramref name="index"/>: changes each time the colours wrap around.</summary>
    public static MarkerShape Marker(int index) => (Math.Abs(index) / Order.Length % 4) switch
    {
        0 => MarkerShape.FilledCircle,
        1 => MarkerShape.FilledSquare,
        2 => MarkerShape.FilledTriangleUp,
        _ => MarkerShape.FilledDiamond,
    };

    /// <summary>The colour of the Pareto front (vermillion) and of points not on it (blue).</summary>
    public static Color Front => Palette[6];

    /// <summary>The colour of ordinary points.</summary>
    public static Color Point => Palette[5];

    /// <summary>A new plot with the shared look and the given title and axis labels.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ChartFont.EnsureLoaded();
        var plot = new Plot();
        plot.Font.Set(ChartFont.Family);
        plot.Title(ChartText.Short(title, 90), size: 15);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(ChartText.Short(xLabel, 80), size: 13);
        plot.YLabel(ChartText.Short(yLabel, 60), size: 13);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.08);
        plot.Legend.FontName = ChartFont.Family;
        plot.Legend.FontSize = 11;
        // Never swap in another system font for a glyph: layout would then depend on the machine's fonts.
        plot.Legend.SetBestFontOnEachRender = false;
        return plot;
    }

    /// <summary>Adds asymmetric vertical whiskers from each (x, y) down to lo and up to hi.</summary>
    public static void Whiskers(Plot plot, IReadOnlyList<(double X, double Y, double Lo, double Hi)> whiskers, double capSize)
    {
        if (whiskers.Count == 0) return;
        var zero = whiskers.Select(_ => 0.0).ToList();
        var e = new ScottPlot.Plottables.ErrorBar(whiskers.Select(w => w.X).ToList(), whiskers.Select(w => w.Y).ToList(), zero, zero,
            whiskers.Select(w => Math.Max(0, w.Hi - w.Y)).ToList(), whiskers.Select(w => Math.Max(0, w.Y - w.Lo)).ToList())
        {
            Color = Colors.Black.WithOpacity(0.55),
            LineWidth = 1.2f,
            CapSize = (float)capSize,
        };
        plot.Add.Plottable(e);
    }

    /// <summary>Writes "No data" in the middle of an empty plot (axes 0–1).</summary>
    public static void NoData(Plot plot)
    {
        var text = plot.Add.Text("No data", 0.5, 0.5);
        text.LabelFontSize = 16;
        text.LabelFontColor = Colors.Gray;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(0, 1, 0, 1);
    }

    /// <summary>Sets a limit pair, widening a zero-width range so the axis still has a scale.</summary>
    public static (double Lo, double Hi) Range(IEnumerable<double> values, double padFraction = 0.06, bool includeZero = false)
    {
        var v = values.Where(double.IsFinite).ToList();
        if (includeZero) v.Add(0);
        if (v.Count == 0) return (0, 1);
        double lo = v.Min(), hi = v.Max();
        if (hi - lo <= Math.Max(Math.Abs(hi), 1e-12) * 1e-9)
        {
            double pad = Math.Abs(hi) > 0 ? Math.Abs(hi) * 0.1 : 1;
            return (lo - pad, hi + pad);
        }
        double p = (hi - lo) * padFraction;
        return (includeZero && lo >= 0 ? lo : lo - p, hi + p);
    }
}
