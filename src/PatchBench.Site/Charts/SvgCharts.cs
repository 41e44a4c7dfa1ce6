namespace PatchBench.Site.Charts;

/// <summary>
/// Renders the chart specs as standalone SVG: well formed, with xmlns, width, height and viewBox,
/// an accessible name (<c>role="img"</c>, <c>&lt;title&gt;</c>, <c>&lt;desc&gt;</c> listing the
/// data), Okabe–Ito colours, the system font, text and axes in <c>currentColor</c> (light and dark
/// pages), and the same bytes for the same input. Missing and non-finite values are left out, long
/// labels are shortened with an ellipsis (full text in a tooltip), empty charts say "No data".
/// </summary>
public static class SvgCharts
{
    /// <summary>Quality vs. speed scatter with 95% whiskers, point labels, tooltips, links and the Pareto front.</summary>
    public static string Scatter(ScatterChartSpec spec) => ScatterChart.Render(spec);

    /// <summary>Grouped bars with interval whiskers, value labels, a legend and dashed reference lines.</summary>
    public static string Bars(BarChartSpec spec) => BarChart.Render(spec);

    /// <summary>One line per series across checkpoints or dates, with markers and a legend.</summary>
    public static string Lines(LineChartSpec spec) => LineChart.Render(spec);

    /// <summary>Horizontal histogram of counts per key (rows in the given order) and series.</summary>
    public static string Histogram(HistogramSpec spec) => HistogramChart.Render(spec);
}
