namespace PatchBench.Site.Charts;

// The chart contract between the page builders and SiteCharts: what to draw, as data. ScottPlot
// draws it; these records are all a page knows about charts.

/// <summary>One point of a scatter chart (e.g. a system: quality vs. generation tokens/s).</summary>
/// <param name="Label">Shown beside the point and in its tooltip.</param>
/// <param name="X">Horizontal value.</param>
/// <param name="Y">Vertical value.</param>
/// <param name="YLow">Lower end of the vertical 95% interval, or null.</param>
/// <param name="YHigh">Upper end of the vertical 95% interval, or null.</param>
/// <param name="Href">Relative link the point opens, or null.</param>
public sealed record ScatterPoint(string Label, double X, double Y, double? YLow = null, double? YHigh = null, string? Href = null);

/// <summary>A scatter chart; the Pareto front (higher X and higher Y are better) is drawn when asked.</summary>
public sealed record ScatterChartSpec(string Title, string XLabel, string YLabel, IReadOnlyList<ScatterPoint> Points, bool ParetoFront = true,
    bool LogX = false);

/// <summary>One bar: a series' value in a group, with an optional 95% interval whisker.</summary>
public sealed record BarValue(string Series, double Value, double? Low = null, double? High = null);

/// <summary>A group of bars side by side (e.g. one category, one bar per system).</summary>
public sealed record BarGroup(string Label, IReadOnlyList<BarValue> Values);

/// <summary>A horizontal reference line across a bar chart (e.g. the memory-bandwidth ceiling of generation).</summary>
public sealed record ReferenceLine(string Label, double Value);

/// <summary>A grouped bar chart with whiskers and optional reference lines.</summary>
public sealed record BarChartSpec(string Title, string YLabel, IReadOnlyList<BarGroup> Groups, IReadOnlyList<ReferenceLine>? Lines = null, double? YMax = null);

/// <summary>One line of a line chart (e.g. a model family across checkpoints, or a loss curve).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points, drawn in X order.</param>
/// <param name="Markers">Whether each point gets a marker and a tooltip (off for dense curves such as a loss per step).</param>
public sealed record LineSeries(string Name, IReadOnlyList<LinePoint> Points, bool Markers = true);

/// <summary>A point of a line: X is a step number or a date as days since 1970; <paramref name="Href"/> is where clicking it leads.</summary>
public sealed record LinePoint(double X, double Y, string? Label = null, string? Href = null);

/// <summary>A line chart; <paramref name="XIsDate"/> formats X as yyyy-MM-dd.</summary>
public sealed record LineChartSpec(string Title, string XLabel, string YLabel, IReadOnlyList<LineSeries> Series, bool XIsDate = false);

/// <summary>A horizontal histogram comparing counts of the same keys across series (object frequencies of generated patches vs. references).</summary>
public sealed record HistogramSpec(string Title, IReadOnlyList<string> SeriesNames, IReadOnlyList<HistogramRow> Rows);

/// <summary>One key of a histogram with one count per series, in <see cref="HistogramSpec.SeriesNames"/> order.</summary>
public sealed record HistogramRow(string Key, IReadOnlyList<double> Counts);
