using System.Globalization;
using PatchBench.Harness.Records;
using PatchBench.Site.Charts;
using PatchBench.Site.Html;
using static PatchBench.Site.Html.MarkdownText;

namespace PatchBench.Site.Pages;

/// <summary>The throughput page: prompt processing (pp) and generation (tg) tokens/s per model and hardware, with the memory-bandwidth ceiling of
/// generation.</summary>
public static class ThroughputPage
{
    /// <summary>Hardware of a row: the GPU when there is one, else the CPU.</summary>
    public static string Hardware(LlamaBenchRow r) => r.GpuInfo.Length > 0 ? r.GpuInfo : r.CpuInfo;

    /// <summary>A test's name as llama-bench writes it: pp512, tg128.</summary>
    public static string Test(LlamaBenchRow r) => r.NPrompt > 0 ? "pp" + r.NPrompt.ToString(CultureInfo.InvariantCulture) : "tg"
        + r.NGen.ToString(CultureInfo.InvariantCulture);

    /// <summary>Builds the page.</summary>
    public static Page Build(IReadOnlyList<LlamaBenchRow> rows)
    {
        var blocks = new List<Block>
        {
            new MarkdownBlock("# Throughput\n\n[Leaderboard](index.md)\n\n" +
                "Prompt processing (`pp`) and generation (`tg`) speed in tokens/s, llama-bench style, from the JSON profiles that " +
                "`patchbench throughput --model M.gguf --out results/throughput` saves. Generation reads every weight once per token, so " +
                "memory bandwidth / model size is its ceiling: the dashed line.\n"),
        };
        if (rows.Count == 0)
        {
            blocks.Add(new MarkdownBlock("No throughput profiles yet: run `patchbench throughput --model models/x.gguf --out results/throughput` and rebuild " +
                "the site.\n"));
            return new Page("throughput", "Throughput", blocks);
        }
        var table = rows.Select(r => (IReadOnlyList<Cell>)
        [
            new Cell(Escape(Path.GetFileName(r.ModelFilename)), Path.GetFileName(r.ModelFilename)),
            new Cell(Escape(r.ModelType), r.ModelType),
            new Cell(SiteText(r.ModelSize / 1048576.0, 0), Key(r.ModelSize)),
            new Cell(Escape(Hardware(r)), Hardware(r)),
            new Cell(Escape(r.Backends), r.Backends),
            new Cell(r.NThreads.ToString(CultureInfo.InvariantCulture), r.NThreads.ToString(CultureInfo.InvariantCulture)),
            new Cell(r.NGpuLayers.ToString(CultureInfo.InvariantCulture), r.NGpuLayers.ToString(CultureInfo.InvariantCulture)),
            new Cell(Test(r), Test(r)),
            new Cell($"{Fixed(r.AvgTs, 1)} ± {Fixed(r.StddevTs, 1)}", Key(r.AvgTs)),
            new Cell(r.CeilingTs > 0 ? Fixed(r.CeilingTs, 1) : "—", r.CeilingTs > 0 ? Key(r.CeilingTs) : ""),
            new Cell(r.MemoryBandwidthGbps > 0 ? Fixed(r.MemoryBandwidthGbps, 1) : "—", r.MemoryBandwidthGbps > 0 ? Key(r.MemoryBandwidthGbps) : ""),
            new Cell(Escape(r.TestTime), r.TestTime),
        ]).ToList();
        blocks.Add(new TableBlock(["Model", "Type", "MiB", "Hardware", "Backend", "Threads", "GPU layers", "Test", "tokens/s", "ceiling t/s", "GB/s",
            "Measured"],
            table, true, "throughput", [false, false, true, false, false, true, true, false, true, true, true, false]));
        var figures = new List<Figure>();
        foreach (var g in rows.GroupBy(r => (Model: Path.GetFileName(r.ModelFilename), Hw: Hardware(r))).OrderBy(g => g.Key.Model, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Hw, StringComparer.Ordinal))
        {
            var groups = g.GroupBy(Test).OrderBy(t => t.Key.StartsWith("tg", StringComparison.Ordinal) ? 1 : 0).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new BarGroup(t.Key, t
                    .GroupBy(Config).OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => { var last = c.Last(); return new BarValue(c.Key, last.AvgTs, last.AvgTs - last.StddevTs, last.AvgTs + last.StddevTs); })
                        .ToList()))
                .ToList();
            var ceilings = g.Where(r => r.CeilingTs > 0).Select(r => r.CeilingTs).Distinct().Order()
                .Select(c => new ReferenceLine($"bandwidth ceiling {Fixed(c, 1)} t/s", c)).ToList();
            var name = SiteLinks.Slug($"{g.Key.Model}-{g.Key.Hw}");
            figures.Add(Figure.Chart($"charts/throughput-{name}.svg",
                $"{g.Key.Model} on {g.Key.Hw}: pp and tg tokens/s (± sd) by threads / GPU layers, with the bandwidth ceiling",
                (id, png) => SiteCharts.Bars(new BarChartSpec($"{g.Key.Model} on {g.Key.Hw}", "tokens/s", groups, ceilings), id, png)));
        }
        blocks.Add(new FigureRow(figures));
        return new Page("throughput", "Throughput", blocks);
    }

    private static string Config(LlamaBenchRow r) => $"t{r.NThreads.ToString(CultureInfo.InvariantCulture)} " +
        $"ngl{r.NGpuLayers.ToString(CultureInfo.InvariantCulture)}";

    private static string SiteText(double v, int d) => Fixed(v, d);
}
