using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

/// <summary>Realistic chart specs: used by tests and rendered to PNG for the docs.</summary>
internal static class ChartSamples
{
    private static double Day(int y, int m, int d) => new DateOnly(y, m, d).DayNumber - new DateOnly(1970, 1, 1).DayNumber;

    public static readonly ScatterChartSpec Scatter = new("Quality vs. generation speed (suite core 1.0)", "generation tokens/s", "functional pass rate",
    [
        new("qwen2.5-coder-7b Q4_K_M", 18.4, 0.62, 0.55, 0.69, "runs/qwen7b.html"),
        new("qwen2.5-coder-1.5b Q8_0", 61.0, 0.41, 0.34, 0.48, "runs/qwen1.5b.html"),
        new("gemma-3-1b Q4_K_M", 92.5, 0.22, 0.16, 0.28, "runs/gemma1b.html"),
        new("llama-3.2-3b Q4_K_M", 38.2, 0.35, 0.28, 0.42, "runs/llama3b.html"),
        new("phi-3.5-mini Q4_K_M", 27.9, 0.44, 0.37, 0.51, "runs/phi.html"),
        new("smollm2-360m Q8_0", 240.0, 0.06, 0.03, 0.10, "runs/smol.html"),
        new("retrieval few-shot baseline", 5000.0, 0.18, 0.13, 0.24, "runs/retrieval.html"),
        new("deepseek-coder-6.7b Q4_K_M", 19.5, 0.48, 0.41, 0.55, "runs/deepseek.html"),
    ], ParetoFront: true, LogX: true);

    public static readonly BarChartSpec Categories = new("Functional pass rate by category", "pass rate",
    [
        new("control", [new("qwen2.5-coder-7b", 0.71, 0.62, 0.79), new("llama-3.2-3b", 0.44, 0.35, 0.53), new("gemma-3-1b", 0.29, 0.21, 0.38)]),
        new("audio synthesis", [new("qwen2.5-coder-7b", 0.58, 0.47, 0.68), new("llama-3.2-3b", 0.31, 0.22, 0.41), new("gemma-3-1b", 0.12, 0.06, 0.2)]),
        new("arrays and tables", [new("qwen2.5-coder-7b", 0.49, 0.37, 0.6), new("llama-3.2-3b", 0.27, 0.18, 0.38), new("gemma-3-1b", 0.18, 0.1, 0.28)]),
        new("subpatches and abstractions", [new("qwen2.5-coder-7b", 0.66, 0.55, 0.75), new("llama-3.2-3b", 0.38, 0.28, 0.49),
            new("gemma-3-1b", 0.25, 0.16, 0.35)]),
        new("data structures", [new("qwen2.5-coder-7b", 0.21, 0.12, 0.33), new("llama-3.2-3b", 0.09, 0.03, 0.18), new("gemma-3-1b", 0.02, 0, 0.08)]),
    ], YMax: 1);

    public static readonly BarChartSpec Throughput = new("Generation throughput (tg128), CPU, 2 threads", "tokens/s",
    [
        new("gemma-3-1b Q4_K_M", [new("prompt processing", 118, 112, 125), new("generation", 21.4, 20.8, 22.1)]),
        new("qwen2.5-coder-1.5b Q8_0", [new("prompt processing", 74, 70, 79), new("generation", 11.2, 10.9, 11.6)]),
        new("llama-3.2-3b Q4_K_M", [new("prompt processing", 41, 38, 44), new("generation", 9.1, 8.8, 9.5)]),
    ], [new ReferenceLine("memory-bandwidth ceiling for 1b Q4_K_M", 27.5)]);

    public static readonly LineChartSpec Checkpoints = new("Pass rate across checkpoints", "checkpoint date", "functional pass rate",
    [
        new("pd-coder 1.5b", [new(Day(2025, 3, 2), 0.12, "step 2000"), new(Day(2025, 4, 11), 0.21, "step 4000"), new(Day(2025, 5, 20), 0.27, "step 6000"),
            new(Day(2025, 7, 2), 0.33, "step 8000"), new(Day(2025, 8, 15), 0.34, "step 10000")]),
        new("pd-coder 7b", [new(Day(2025, 3, 20), 0.31, "step 2000"), new(Day(2025, 5, 1), 0.42, "step 4000"), new(Day(2025, 6, 14), 0.51, "step 6000"),
            new(Day(2025, 8, 1), 0.55, "step 8000")]),
        new("pd-coder 7b + DPO", [new(Day(2025, 6, 20), 0.56, "dpo 1"), new(Day(2025, 8, 30), 0.61, "dpo 2")]),
    ], XIsDate: true);

    /// <summary>A real comparison: object frequencies of Pd's control examples vs. its audio examples.</summary>
    public static HistogramSpec Objects()
    {
        IReadOnlyDictionary<string, int> CountFolder(string folder) => ObjectFrequency.Sum(
            Directory.GetFiles(folder, "*.pd").Order(StringComparer.Ordinal)
                .Select(f => ObjectFrequency.Count(PdParser.Parse(File.ReadAllText(f)), ObjectCatalog.Vanilla)));
        return ObjectFrequency.Compare("Object frequency: Pd control vs. audio examples", "control examples",
            CountFolder("/usr/share/puredata/doc/2.control.examples"), "audio examples", CountFolder("/usr/share/puredata/doc/3.audio.examples"), top: 20);
    }

    public static LineChartSpec Loss { get; } = new("Training loss", "step", "loss",
    [
        new("training loss", Enumerable.Range(0, 97).Select(i => new LinePoint(i * 8, 0.77 + 2.2 * Math.Exp(-i / 18.0) + 0.04 * Math.Sin(i))).ToList(),
            Markers: false),
        new("checkpoints", [new(96, 1.6, "step-96"), new(192, 1.08, "step-192"), new(384, 0.84, "step-384"), new(768, 0.77, "step-768")]),
    ]);

    public static IEnumerable<(string Name, RenderedChart Chart)> All()
    {
        yield return ("chart-scatter", SiteCharts.Scatter(Scatter, "scatter", png: true));
        yield return ("chart-bars", SiteCharts.Bars(Categories, "bars", png: true));
        yield return ("chart-throughput", SiteCharts.Bars(Throughput, "throughput", png: true));
        yield return ("chart-lines", SiteCharts.Lines(Checkpoints, "lines", png: true));
        yield return ("chart-loss", SiteCharts.Lines(Loss, "loss", png: true));
        yield return ("chart-histogram", SiteCharts.Histogram(Objects(), "histogram", png: true));
        yield return ("chart-empty", SiteCharts.Scatter(new ScatterChartSpec("No runs yet", "generation tokens/s", "pass rate", []), "empty", png: true));
        yield return ("chart-many-series", SiteCharts.Lines(new LineChartSpec("Twelve families", "step", "score",
            Enumerable.Range(0, 12).Select(i => new LineSeries($"family {i} with a rather long descriptive name",
                Enumerable.Range(0, 6).Select(k => new LinePoint(k * 1000, 0.05 * i + 0.02 * k * (1 + i % 3))).ToList())).ToList()), "many", png: true));
    }
}
