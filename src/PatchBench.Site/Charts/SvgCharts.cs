namespace PatchBench.Site.Charts;

/// <summary>Renders the chart specs as standalone SVG (placeholder bodies; the chart renderers replace them).</summary>
public static class SvgCharts
{
    /// <summary>Quality vs. speed scatter with the Pareto front.</summary>
    public static string Scatter(ScatterChartSpec spec) => Placeholder(spec.Title);

    /// <summary>Grouped bars with interval whiskers and reference lines.</summary>
    public static string Bars(BarChartSpec spec) => Placeholder(spec.Title);

    /// <summary>Lines across checkpoints or dates.</summary>
    public static string Lines(LineChartSpec spec) => Placeholder(spec.Title);

    /// <summary>Horizontal histogram of counts per key and series.</summary>
    public static string Histogram(HistogramSpec spec) => Placeholder(spec.Title);

    private static string Placeholder(string title) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"40\" viewBox=\"0 0 320 40\"><text x=\"4\" y=\"24\">{System.Security.SecurityElement.Escape(title)}</text></svg>";
}
