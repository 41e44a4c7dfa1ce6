namespace PatchBench.Site.Charts;

/// <summary>
/// Every chart of the site, drawn by ScottPlot from the specs in ChartModels: SVG with real <c>&lt;text&gt;</c>, a viewBox,
/// <c>role="img"</c>, <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> (the data in words), hotspots with tooltips and links,
/// the same bytes for the same input; and the same picture as PNG. Missing and unusable values are left out (and said so
/// in the description), long labels are shortened with an ellipsis (full text in the tooltip), empty charts say "No data".
/// </summary>
public static class SiteCharts
{
    /// <summary>Quality vs. speed scatter with 95% whiskers, point labels, tooltips, links and the Pareto front.</summary>
    /// <param name="spec">What to draw.</param>
    /// <param name="id">Element id of the chart, unique on the page it is embedded in (its clip ids derive from it).</param>
    /// <param name="png">Also render the PNG.</param>
    public static RenderedChart Scatter(ScatterChartSpec spec, string id = "chart", bool png = false) =>
        ChartRendering.Render(ScatterChart.Draft(spec), id, png);

    /// <summary>Grouped bars with interval whiskers, value labels, a legend and dashed reference lines.</summary>
    public static RenderedChart Bars(BarChartSpec spec, string id = "chart", bool png = false) => ChartRendering.Render(BarChart.Draft(spec), id, png);

    /// <summary>One line per series across checkpoints, steps or dates, with markers and a legend.</summary>
    public static RenderedChart Lines(LineChartSpec spec, string id = "chart", bool png = false) => ChartRendering.Render(LineChart.Draft(spec), id, png);

    /// <summary>Horizontal histogram of counts per key (rows in the given order) and series.</summary>
    public static RenderedChart Histogram(HistogramSpec spec, string id = "chart", bool png = false) =>
        ChartRendering.Render(HistogramChart.Draft(spec), id, png);
}
