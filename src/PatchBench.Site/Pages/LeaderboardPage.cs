using System.Globalization;
using System.Text;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Site.Charts;
using PatchBench.Site.Html;
using static PatchBench.Site.Html.MarkdownText;

namespace PatchBench.Site.Pages;

/// <summary>The index page: one leaderboard per suite version with its charts, and links to runs, items and throughput.</summary>
public static class LeaderboardPage
{
    /// <summary>Builds the index page.</summary>
    /// <param name="groups">The suite versions with their runs.</param>
    /// <param name="throughputRows">Rows on the throughput page.</param>
    /// <param name="catalog">Object catalog for the object-frequency chart.</param>
    /// <param name="pages">Further pages to link (training families, gate summaries): link text and site path.</param>
    public static Page Build(IReadOnlyList<SuiteGroup> groups, int throughputRows, IObjectCatalog catalog,
        IReadOnlyList<(string Text, string Path)>? pages = null)
    {
        const string file = "index.md";
        var blocks = new List<Block>();
        var intro = new StringBuilder("# PatchBench leaderboard\n\n");
        intro.Append("How well language models write Pure Data (Pd) patches from a sentence, and how fast. ")
             .Append(string.Create(CultureInfo.InvariantCulture,
                 $"{groups.Sum(g => g.Runs.Count)} runs over {groups.Count} suite version{(groups.Count == 1 ? "" : "s")}. "))
             .Append("Each metric is a mean over items with its 95% bootstrap interval in brackets; systems whose intervals on the ranking metric overlap " +
                 "share a rank (shown as `=N`). ")
             .Append("Click a column header to sort by it.\n\n");
        if (groups.Count > 1)
            foreach (var g in groups) intro.Append("- ").Append(Link($"Suite {g.Key}", "#" + Anchor(g))).Append('\n');
        intro.Append("- ").Append(Link(throughputRows > 0 ? "Throughput profiles (pp/tg per model and hardware)" : "Throughput profiles", "throughput.md"))
            .Append('\n');
        foreach (var (text, path) in pages ?? []) intro.Append("- ").Append(Link(text, path)).Append('\n');
        blocks.Add(new MarkdownBlock(intro.ToString()));
        foreach (var g in groups) blocks.AddRange(Section(g, file, catalog));
        return new Page("index", "Leaderboard", blocks);
    }

    /// <summary>Items whose functional record counts derived checks (<c>derived_checks</c>) in some run of the group.</summary>
    private static HashSet<string> DerivedItems(SuiteGroup g) => g.Runs
        .SelectMany(r => r.Run.Samples)
        .Where(s => s.ScoreDetails.GetValueOrDefault("functional")?["derived_checks"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var n)
            && n > 0)
        .Select(s => s.ItemId).ToHashSet(StringComparer.Ordinal);

    private static string Anchor(SuiteGroup g) => "suite-" + g.Key.ToLowerInvariant().Replace(' ', '-').Replace(".", "");

    private static IEnumerable<Block> Section(SuiteGroup g, string file, IObjectCatalog catalog)
    {
        var head = new StringBuilder();
        head.Append("## Suite ").Append(Escape(g.Key)).Append("\n\n");
        head.Append("Ranked by ").Append(Code(g.Primary)).Append(". Suite hash ").Append(Code(ShortHash(g.Hash))).Append(". ")
            .Append(Link($"All {g.Items.Count} items, most disputed first", SiteLinks.Relative(file, g.ItemsIndexPath + ".md"))).Append(".\n");
        yield return new MarkdownBlock(head.ToString());
        yield return Table(g, file);
        if (DerivedItems(g) is { Count: > 0 } derivedItems)
            yield return new MarkdownBlock($"*Derived checks*: {derivedItems.Count} of the {g.Items.Count} items have functional checks that nobody " +
                $"authored: `suite import` derived them " +
                "from the reference's own behaviour (what it prints, how it sounds), so `functional_pass` there means \"behaves like the reference\". Their " +
                    "item pages mark each such check *derived*.\n");
        if (g.Runs.Any(r => r.Run.Contamination is not null))
            yield return new MarkdownBlock("*Contamination*: from `contamination.json` in the run folder (the output of `patchbench suite contamination " +
                "--format json` against the model's training set); `—` means unchecked.\n");

        var figures = new List<Figure>();
        var slug = g.Slug;
        var chartFile = $"charts/{slug}-quality-vs-speed.svg";
        // Points link to run pages: relative to this page inline, relative to charts/ in the standalone file.
        List<ScatterPoint> Points(string from) => g.Runs
            .Select(r => (r, Tg: r.Run.Info.Aggregates?.Throughput.GenerationTokensPerS?.P50, M: SuiteGroup.MetricOf(r.Run, g.Primary)))
            .Where(x => x.Tg is > 0 && x.M is not null)
            .Select(x => new ScatterPoint(x.r.Name, x.Tg!.Value, x.M!.Mean, x.M.CiLow, x.M.CiHigh, SiteLinks.Relative(from, x.r.PagePath + ".html")))
            .ToList();
        var points = Points(file);
        if (points.Count > 0)
        {
            bool log = points.Max(p => p.X) / Math.Max(points.Min(p => p.X), 1e-9) > 20;
            ScatterChartSpec Spec(List<ScatterPoint> p) => new($"{g.Primary} vs. generation speed", "generation tokens/s (median)", g.Primary, p, true, log);
            figures.Add(Figure.Chart(chartFile, $"{g.Primary} against generation tokens/s; the line joins the Pareto front",
                (id, png) => SiteCharts.Scatter(Spec(points), id, png), (id, png) => SiteCharts.Scatter(Spec(Points(chartFile)), id, png)));
        }
        var categories = g.Runs.SelectMany(r => r.Run.Info.Aggregates?.ByCategory.Keys ?? (IEnumerable<string>)[]).Distinct().Order(StringComparer.Ordinal)
            .ToList();
        if (categories.Count > 0)
        {
            var barGroups = categories.Select(c => new BarGroup(c, g.Runs
                .Select(r => (r.Name, M: r.Run.Info.Aggregates?.ByCategory.GetValueOrDefault(c)?.Metrics.FirstOrDefault(m => m.Name == g.Primary)))
                .Where(x => x.M is not null)
                .Select(x => new BarValue(x.Name, x.M!.Mean, x.M.CiLow, x.M.CiHigh)).ToList())).ToList();
            var spec = new BarChartSpec($"{g.Primary} per category", g.Primary, barGroups, null, g.Primary == HeadlineMetrics.Similarity || IsPass(g) ? 1
                : null);
            figures.Add(Figure.Chart($"charts/{slug}-by-category.svg", $"{g.Primary} per category with 95% intervals", (id, png) =>
                SiteCharts.Bars(spec, id, png)));
        }
        foreach (var (dated, suffix, label) in new[] { (false, "checkpoints", "training step"), (true, "checkpoint-dates", "checkpoint date") })
        {
            var series = g.Runs
                .Where(r => r.Facts.Family is not null && (dated ? r.Facts.Date : r.Facts.Step) is not null && SuiteGroup.MetricOf(r.Run, g.Primary)
                    is not null)
                .GroupBy(r => r.Facts.Family!, StringComparer.Ordinal)
                .Where(f => f.Count() >= 2)
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new LineSeries(f.Key, f
                    .Select(r => new LinePoint((dated ? r.Facts.Date : r.Facts.Step)!.Value, SuiteGroup.MetricOf(r.Run, g.Primary)!.Mean, r.Name))
                    .OrderBy(p => p.X).ToList()))
                .ToList();
            if (series.Count > 0)
                figures.Add(Figure.Chart($"charts/{slug}-{suffix}.svg", $"{g.Primary} per model family across checkpoints ({label})",
                    (id, png) => SiteCharts.Lines(new LineChartSpec($"{g.Primary} across checkpoints", label, g.Primary, series, dated), id, png)));
        }
        var histogram = ObjectHistogram(g, catalog);
        if (histogram is not null)
            figures.Add(Figure.Chart($"charts/{slug}-object-frequency.svg", "object boxes per class: generated patches against the references (top 20 classes)",
                (id, png) => SiteCharts.Histogram(histogram, id, png)));
        if (figures.Count > 0)
        {
            yield return new MarkdownBlock("### Charts\n");
            yield return new FigureRow(figures);
        }
    }

    private static bool IsPass(SuiteGroup g) => g.Runs.Select(r => SuiteGroup.MetricOf(r.Run, g.Primary)).FirstOrDefault(m => m is not null)?.Kind
        == Harness.Scoring.MetricKind.Pass;

    private static TableBlock Table(SuiteGroup g, string file)
    {
        // Metrics first (what people compare), then speed, then what the system is; descriptive columns that no run fills are left out.
        var columns = new List<(string Header, bool Numeric, Func<RankedRun, Cell> Value)>
        {
            ("Rank", true, r => new Cell(r.RankText, r.Rank.ToString(CultureInfo.InvariantCulture), r.Tied ? "tie" : null)),
            ("System", false, r => new Cell(Link(r.Name, SiteLinks.Relative(file, r.PagePath + ".md")), r.Name)),
        };
        foreach (var m in g.Metrics)
            columns.Add((m, true, r => SuiteGroup.MetricOf(r.Run, m) is { } s ? new Cell(MetricCell(s), Key(s.Mean)) : new Cell("—", "")));
        columns.Add(("tg t/s", true, r => r.Run.Info.Aggregates?.Throughput.GenerationTokensPerS is { } tg ? new Cell(Fixed(tg.P50, 1), Key(tg.P50))
            : new Cell("—", "")));
        columns.Add(("TTFT ms", true, r => r.Run.Info.Aggregates?.Throughput.TtftMs is { } t ? new Cell(Fixed(t.P50, 0), Key(t.P50)) : new Cell("—", "")));
        var facts = new (string Header, bool Numeric, Func<RankedRun, string> Text)[]
        {
            ("Model", false, r => r.Facts.Model), ("Size", false, r => r.Facts.Size), ("Quant", false, r => r.Facts.Quantization),
            ("Backend", false, r => r.Facts.Backend), ("Template", false, r => r.Facts.Template), ("k", true, r => r.Facts.FewShot),
            ("Hardware", false, r => r.Facts.Hardware),
        };
        foreach (var (header, numeric, text) in facts)
            if (g.Runs.Any(r => text(r).Length > 0))
                columns.Add((header, numeric, r => new Cell(Escape(text(r)), text(r))));
        if (g.Runs.Any(r => r.Run.Contamination is not null))
            columns.Add(("Contamination", false, r => r.Run.Contamination is { } c
                ? new Cell(c.Flagged == 0 ? $"checked, 0/{c.Items} flagged" : $"⚠ {c.Flagged}/{c.Items} flagged",
                    c.Flagged.ToString(CultureInfo.InvariantCulture), c.Flagged > 0 ? "flag" : null)
                : new Cell("—", "")));
        columns.Add(("Date", false, r =>
        {
            var date = (r.Run.Info.FinishedAt ?? r.Run.Info.StartedAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new Cell(date, date);
        }));
        var rows = g.Runs.Select(r => (IReadOnlyList<Cell>)columns.Select(c => c.Value(r)).ToList()).ToList();
        return new TableBlock(columns.Select(c => c.Header).ToList(), rows, Sortable: true, Id: "leaderboard-" + g.Slug,
            NumericColumns: columns.Select(c => c.Numeric).ToList());
    }

    /// <summary>A metric as a table cell: the mean and its interval.</summary>
    public static string MetricCell(MetricSummary s) =>
        $"{Fixed(s.Mean, 3)} <span class=\"ci\">[{Fixed(s.CiLow, 2)}, {Fixed(s.CiHigh, 2)}]</span>";

    /// <summary>The suite hash without its algorithm prefix, cut to 12 hex digits.</summary>
    public static string ShortHash(string hash)
    {
        var h = hash.StartsWith("sha256:", StringComparison.Ordinal) ? hash[7..] : hash;
        return h.Length > 12 ? h[..12] : h;
    }

    private static HistogramSpec? ObjectHistogram(SuiteGroup g, IObjectCatalog catalog)
    {
        var series = new List<(string Name, Dictionary<string, double> Counts)>();
        if (g.References.Count > 0)
            series.Add(("references", Sum(g.Items.Where(g.References.ContainsKey).Select(i => g.References[i]), catalog)));
        foreach (var r in g.Runs.Where(r => r.Run.Info.System.Backend != "reference").OrderBy(r => r.Name, StringComparer.Ordinal))
            series.Add((r.Name, Sum(r.Run.Samples.Select(s => s.Patch), catalog)));
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (_, counts) in series)
            foreach (var (k, v) in counts) totals[k] = totals.GetValueOrDefault(k) + v;
        if (totals.Count == 0) return null;
        var keys = totals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(20).Select(p => p.Key).ToList();
        return new HistogramSpec("Object frequency: generated vs. references", series.Select(s => s.Name).ToList(),
            keys.Select(k => new HistogramRow(k, series.Select(s => s.Counts.GetValueOrDefault(k)).ToList())).ToList());
    }

    private static Dictionary<string, double> Sum(IEnumerable<string> patches, IObjectCatalog catalog)
    {
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var text in patches)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            foreach (var (k, v) in ObjectFrequency.Count(PdParser.Parse(text), catalog)) total[k] = total.GetValueOrDefault(k) + v;
        }
        return total;
    }
}
