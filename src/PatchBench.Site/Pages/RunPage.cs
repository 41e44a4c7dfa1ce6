using System.Globalization;
using System.Text;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Site.Charts;
using PatchBench.Site.Html;
using static PatchBench.Site.Html.MarkdownText;

namespace PatchBench.Site.Pages;

/// <summary>A run's page: identity, metrics overall, per category and per difficulty, throughput percentiles, its samples, raw files.</summary>
public static class RunPage
{
    /// <summary>Site path of the copied raw file <paramref name="name"/> of a run.</summary>
    public static string RawPath(RankedRun r, string name) => $"runs/{SiteLinks.Slug(r.Run.Id)}/{name}";

    /// <summary>Builds the page.</summary>
    public static Page Build(SuiteGroup g, RankedRun r)
    {
        var file = r.PagePath + ".md";
        var info = r.Run.Info;
        var blocks = new List<Block>();
        var head = new StringBuilder();
        head.Append("# ").Append(Escape(r.Name)).Append("\n\n");
        head.Append(Link("Leaderboard", SiteLinks.Relative(file, "index.md"))).Append(" · suite ").Append(Escape(g.Key))
            .Append(" · rank ").Append(r.RankText).Append(" of ").Append(g.Runs.Count).Append(" · status ").Append(Code(info.Status)).Append("\n\n");
        head.Append("Raw data: ").Append(Link("run.json", SiteLinks.Relative(file, RawPath(r, "run.json"))));
        if (File.Exists(Path.Combine(r.Run.Folder, SamplesFile.FileName)))
            head.Append(" · ").Append(Link("samples.jsonl", SiteLinks.Relative(file, RawPath(r, SamplesFile.FileName))));
        head.Append("\n\n## Run identity\n");
        blocks.Add(new MarkdownBlock(head.ToString()));
        blocks.Add(Identity(r));

        var agg = info.Aggregates;
        if (agg is not null)
        {
            blocks.Add(new MarkdownBlock(string.Create(CultureInfo.InvariantCulture,
                $"## Metrics\n\n{agg.Items} items, {agg.Samples} samples, {agg.Errors} errors. Means over items with {agg.Confidence * 100:0}% bootstrap " +
                    $"intervals ({agg.BootstrapResamples} resamples, seed {agg.BootstrapSeed}); pass/fail metrics also as the pooled rate with its Wilson " +
                    $"interval.\n")));
            blocks.Add(OverallTable(agg.Overall));
            var shown = g.Metrics.Count > 0 ? g.Metrics : agg.Overall.Metrics.Select(m => m.Name).Take(5).ToList();
            foreach (var (title, groups, what) in new[] { ("By category", agg.ByCategory, "category"), ("By difficulty", agg.ByDifficulty, "difficulty") })
            {
                if (groups.Count == 0) continue;
                blocks.Add(new MarkdownBlock($"## {title}\n"));
                blocks.Add(GroupTable(what, groups, shown));
                var bars = groups.Select(p => new BarGroup(p.Key, shown
                    .Select(m => p.Value.Metrics.FirstOrDefault(x => x.Name == m))
                    .Where(m => m is not null && m.Name != HeadlineMetrics.ReferencePerplexity)
                    .Select(m => new BarValue(m!.Name, m.Mean, m.CiLow, m.CiHigh)).ToList())).ToList();
                blocks.Add(new FigureRow([Figure.Chart($"charts/run-{SiteLinks.Slug(r.Run.Id)}-by-{what}.svg",
                    $"headline metrics per {what} with 95% intervals",
                    (id, png) => SiteCharts.Bars(new BarChartSpec($"Headline metrics by {what}", "mean", bars, null, 1), id, png))]));
            }
        }
        blocks.Add(new MarkdownBlock("## Throughput\n\nPercentiles over the run's samples (from each sample's timings); `—` where the backend reports " +
            "nothing.\n"));
        blocks.Add(ThroughputTable(r.Run.Samples, agg?.Throughput));
        blocks.Add(new MarkdownBlock("## Samples\n"));
        blocks.Add(SamplesTable(g, r, file));
        return new Page(r.PagePath, r.Name, blocks);
    }

    private static TableBlock Identity(RankedRun r)
    {
        var i = r.Run.Info;
        var f = r.Facts;
        var m = i.Machine;
        var rows = new List<(string, string)>
        {
            ("Run id", Code(i.RunId)),
            ("Suite", $"{Escape(i.Suite.Name)} {Escape(i.Suite.Version)} ({Code(i.Suite.Hash)})" + (i.Suite.Source is { } src ? $" from {Code(src)}" : "")),
            ("System spec", Code(i.System.Spec)),
            ("Spec hash", Code(i.System.SpecHash)),
            ("Backend", Escape(i.System.Backend)),
            ("Model", Escape(f.Model) + (f.FromModel ? " (recorded from the model at load)" : "") + (f.Size.Length > 0 ? $", {Escape(f.Size)}" : "")
                + (f.Quantization.Length > 0 ? $", {Escape(f.Quantization)}" : "")),
            ("Model file hash", i.System.ModelFileHash is { } h ? Code(h) : "—"),
            ("Template", f.Template.Length > 0 ? Code(f.Template) : "—"),
            ("Options", i.System.Options.Count == 0 ? "—" : string.Join(", ", i.System.Options.Select(o => Code($"{o.Key}={o.Value}")))),
            ("Checkpoint", f.Step is { } step ? $"family {Code(f.Family!)}, step {step.ToString(CultureInfo.InvariantCulture)}"
                : f.Date is { } d ? $"family {Code(f.Family!)}, {DateTime.UnixEpoch.AddDays(d):yyyy-MM-dd}" : "—"),
            ("Plan", string.Create(CultureInfo.InvariantCulture, $"{i.Plan.ItemIds.Count} items × {i.Plan.Samples} samples, seed {i.Plan.Seed}")
                + (i.Plan.Limit is { } l ? string.Create(CultureInfo.InvariantCulture, $", random subset of {l}") : "")
                    + (i.Plan.Shard is { } s ? $", shard {s}" : "")
                + $", plan hash {Code(LeaderboardPage.ShortHash(i.Plan.PlanHash))}"),
            ("Harness", Escape(i.Harness.Version) + (i.Harness.GitCommit is { } c ? $" at {Code(c.Length > 12 ? c[..12] : c)}" : "")),
            ("Machine", Escape(string.Join(", ", new[] { m.HostName, m.Os, m.CpuModel, CoresText(m),
                m.MemoryBytes is { } mem ? (mem / 1073741824.0).ToString("0.#", CultureInfo.InvariantCulture) + " GiB" : null,
                m.GpuName is { } gpu ? $"{gpu}" + (m.GpuMemoryMib is { } gm ? $" ({gm} MiB)" : "") + (m.GpuDriver is { } dr ? $", driver {dr}" : "")
                    : null }.Where(x => !string.IsNullOrEmpty(x))))),
            ("Started", i.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Finished", i.FinishedAt is { } fin ? fin.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—"),
        };
        if (r.Run.Contamination is { } cont)
            rows.Add(("Contamination", string.Create(CultureInfo.InvariantCulture,
                $"{cont.Flagged} of {cont.Items} items flagged against {cont.TrainingRows} training rows (contamination.json)")));
        return new TableBlock(["Field", "Value"], rows.Select(x => (IReadOnlyList<Cell>)[new Cell(x.Item1), new Cell(x.Item2)]).ToList());
    }

    private static TableBlock OverallTable(GroupSummary overall)
    {
        var rows = overall.Metrics.Select(m => (IReadOnlyList<Cell>)
        [
            new Cell(Code(m.Name)),
            new Cell(Fixed(m.Mean, 3), Key(m.Mean)),
            new Cell($"[{Fixed(m.CiLow, 3)}, {Fixed(m.CiHigh, 3)}]", Key(m.CiLow)),
            new Cell(m.Rate is { } rate ? $"{Fixed(rate, 3)} [{Fixed(m.WilsonLow ?? double.NaN, 2)}, {Fixed(m.WilsonHigh ?? double.NaN, 2)}]" : "—", m.Rate
                is { } rr ? Key(rr) : ""),
            new Cell(m.PassAtK is { Count: > 0 } k ? string.Join(", ",
                k.Select(p => string.Create(CultureInfo.InvariantCulture, $"@{p.Key} {Fixed(p.Value, 3)}"))) : "—"),
            new Cell(m.Items.ToString(CultureInfo.InvariantCulture), m.Items.ToString(CultureInfo.InvariantCulture)),
            new Cell(m.HigherIsBetter ? "higher" : "lower"),
        ]).ToList();
        return new TableBlock(["Metric", "Mean", "95% CI", "Pass rate (Wilson)", "pass@k", "Items", "Better"], rows, Sortable: true,
            NumericColumns: [false, true, true, true, false, true, false]);
    }

    private static TableBlock GroupTable(string what, SortedDictionary<string, GroupSummary> groups, IReadOnlyList<string> metrics)
    {
        var headers = new List<string> { char.ToUpperInvariant(what[0]) + what[1..], "Items" };
        headers.AddRange(metrics);
        var rows = groups.Select(p =>
        {
            var row = new List<Cell> { new(Escape(p.Key), p.Key),
                new(p.Value.Items.ToString(CultureInfo.InvariantCulture), p.Value.Items.ToString(CultureInfo.InvariantCulture)) };
            foreach (var m in metrics)
                row.Add(p.Value.Metrics.FirstOrDefault(x => x.Name == m) is { } s ? new Cell(LeaderboardPage.MetricCell(s), Key(s.Mean)) : new Cell("—", ""));
            return (IReadOnlyList<Cell>)row;
        }).ToList();
        return new TableBlock(headers, rows, Sortable: true, NumericColumns: headers.Select((_, i) => i > 0).ToList());
    }

    /// <summary>Percentiles p50/p90/p99 (linear interpolation) of each timing over the samples.</summary>
    public static TableBlock ThroughputTable(IReadOnlyList<SampleRecord> samples, ThroughputSummary? summary)
    {
        var quantities = new (string Name, Func<SampleTimings, double?> Get)[]
        {
            ("time to first token (ms)", t => t.TimeToFirstTokenMs),
            ("prompt tokens/s", t => t.PromptTokensPerSecond),
            ("generation tokens/s", t => t.GenerationTokensPerSecond),
            ("generation wall time (ms)", t => t.TotalMs),
            ("scoring wall time (ms)", t => t.ScoringMs),
        };
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var (name, get) in quantities)
        {
            var values = samples.Select(s => get(s.Timings)).OfType<double>().Where(double.IsFinite).Order().ToArray();
            if (values.Length == 0) { rows.Add([new Cell(name), new Cell("0", "0"), new Cell("—", ""), new Cell("—", ""), new Cell("—", ""),
                new Cell("—", "")]); continue; }
            rows.Add([new Cell(name), new Cell(values.Length.ToString(CultureInfo.InvariantCulture), values.Length.ToString(CultureInfo.InvariantCulture)),
                Num(values.Average()), Num(Quantiles.Sorted(values, 0.5)), Num(Quantiles.Sorted(values, 0.9)), Num(Quantiles.Sorted(values, 0.99))]);
        }
        if (summary is not null)
        {
            rows.Add([new Cell("prompt tokens (total)"), new Cell(""),
                new Cell(summary.PromptTokens.ToString(CultureInfo.InvariantCulture), summary.PromptTokens.ToString(CultureInfo.InvariantCulture)),
                new Cell(""), new Cell(""), new Cell("")]);
            rows.Add([new Cell("generated tokens (total)"), new Cell(""),
                new Cell(summary.CompletionTokens.ToString(CultureInfo.InvariantCulture), summary.CompletionTokens.ToString(CultureInfo.InvariantCulture)),
                new Cell(""), new Cell(""), new Cell("")]);
            if (summary.PeakMemoryBytes is { } peak)
                rows.Add([new Cell("peak memory (MiB)"), new Cell(""), Num(peak / 1048576.0), new Cell(""), new Cell(""), new Cell("")]);
        }
        return new TableBlock(["Quantity", "n", "mean", "p50", "p90", "p99"], rows, NumericColumns: [false, true, true, true, true, true]);
    }

    private static Cell Num(double v) => new(v >= 100 ? Fixed(v, 0) : v >= 10 ? Fixed(v, 1) : Fixed(v, 2), Key(v));

    private static TableBlock SamplesTable(SuiteGroup g, RankedRun r, string file)
    {
        var metrics = g.Metrics.Where(m => m != HeadlineMetrics.ReferencePerplexity).ToList();
        var headers = new List<string> { "Item", "Sample", "Category", "Difficulty" };
        headers.AddRange(metrics);
        headers.Add("Error");
        var rows = r.Run.Samples.Select(s =>
        {
            var row = new List<Cell>
            {
                new(Link(s.ItemId, SiteLinks.Relative(file, g.ItemPath(s.ItemId) + ".md")), s.ItemId),
                new(s.SampleIndex.ToString(CultureInfo.InvariantCulture), s.SampleIndex.ToString(CultureInfo.InvariantCulture)),
                new(Escape(s.Category), s.Category), new(Escape(s.Difficulty), s.Difficulty),
            };
            foreach (var m in metrics)
                row.Add(s.Scores.TryGetValue(m, out var v) ? ScoreCell(m, v) : new Cell("—", ""));
            row.Add(new Cell(s.Error is { } e ? Escape(e.Length > 120 ? e[..120] + "…" : e) : ""));
            return (IReadOnlyList<Cell>)row;
        }).ToList();
        return new TableBlock(headers, rows, Sortable: true, NumericColumns: headers.Select((h, i) => i == 1 || metrics.Contains(h)).ToList());
    }

    /// <summary>A sample's score as a cell: pass/fail metrics as ✓/✗ (coloured), others as numbers.</summary>
    public static Cell ScoreCell(string metric, double v)
    {
        bool pass = metric is HeadlineMetrics.LintOk or HeadlineMetrics.LoadOk or HeadlineMetrics.RunOk or HeadlineMetrics.FunctionalPass or "parse_ok";
        if (pass) return new Cell(v >= 1 ? "✓" : "✗", Key(v), v >= 1 ? "pass" : "fail");
        if (metric == HeadlineMetrics.Degenerate) return new Cell(v >= 1 ? "yes" : "no", Key(v), v >= 1 ? "fail" : null);
        return new Cell(Fixed(v, 3), Key(v));
    }

    // run.json's "cores" counts logical processors; the physical count (what threads default to) is recorded beside it.
    internal static string? CoresText(MachineInfo m)
    {
        var logical = m.LogicalCores ?? m.Cores;
        if (m.PhysicalCores is { } physical) return string.Create(CultureInfo.InvariantCulture, $"{physical} physical / {logical} logical cores");
        return logical > 0 ? string.Create(CultureInfo.InvariantCulture, $"{logical} logical cores") : null;
    }
}
