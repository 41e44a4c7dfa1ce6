using System.Globalization;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using PatchBench.Site.Charts;
using PatchBench.Site.Html;
using PatchBench.Site.Pages;
using PatchBench.Site.Results;
using PatchBench.Site.Tests.Charts;

namespace PatchBench.Site.Tests;

/// <summary>The training-family and gate pages, built from what the real train and gate commands wrote into the fixture's results/.</summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Integration")] // SiteFixture runs patchbench with real Pd scoring and trains with libtorch
public sealed class TrainingPagesTests(SiteFixture site)
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void The_training_page_has_the_loss_curve_the_checkpoints_by_step_and_the_rendered_contamination_report()
    {
        var html = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "training", "tiny-pd.html")));
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(site.Results, "training", "tiny-pd", "training.json")))!;
        Assert.Equal("Training: tiny-pd", html.QuerySelector("h1")!.TextContent.Trim());
        // The loss chart: inline SVG, and the .svg and .png files beside it; its description lists what training.json holds.
        var svgFile = Path.Combine(site.Site, "charts", "training-tiny-pd-loss.svg");
        var chart = SvgInspection.ParseChart(File.ReadAllText(svgFile));
        Assert.Contains("tiny-pd: training loss", SvgInspection.Texts(chart));
        var desc = chart.Element(SvgInspection.Svg + "desc")!.Value;
        var curve = report["loss_curve"]!.AsArray();
        Assert.Equal(200, curve.Count);
        Assert.Contains($"training loss: 1 → {ChartText.Value(curve[0]!["loss"]!.GetValue<double>())}, 2 → ", desc);
        Assert.Contains("(200 points)", desc);
        var checkpoints = report["checkpoints"]!.AsArray();
        Assert.Contains("checkpoints: " + string.Join(", ", checkpoints.Select(c => $"{c!["step"]} → {ChartText.Value(c["loss"]!.GetValue<double>())}")), desc);
        Assert.True(new FileInfo(Path.ChangeExtension(svgFile, ".png")).Length > 1000);
        Assert.NotNull(html.QuerySelector("figure svg[role=img]"));
        Assert.Contains($"{report["wall_s"]!.GetValue<double>():F1} s of training", html.Body!.TextContent);
        // One row per checkpoint the trainer exported, in step order, with its GGUF and GenAI folder.
        var rows = html.QuerySelectorAll("table#checkpoints tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList())
            .ToList();
        Assert.Equal(["tiny-pd-step0025", "tiny-pd-step0050", "tiny-pd-step0100", "tiny-pd-step0200"], rows.Select(r => r[0]));
        Assert.Equal(SiteFixture.TrainedSteps.Select(s => s.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[1]));
        // Tokens: step × batch 2 × context 64.
        Assert.Equal(["3,200", "6,400", "12,800", "25,600"], rows.Select(r => r[2]));
        Assert.All(rows.Zip(checkpoints), x => Assert.Equal(MarkdownText.Number(x.Second!["loss"]!.GetValue<double>(), 4), x.First[3]));
        Assert.All(rows, r => Assert.EndsWith(Path.Combine("models", "tiny-pd", r[0] + ".gguf"), r[4]));
        Assert.All(rows, r => Assert.EndsWith(Path.Combine("models", "tiny-pd", "onnx", r[0]), r[5]));
        // Settings and the training data, strings unquoted.
        var cells = html.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("template=raw,system=none,fewshot=0", cells);
        Assert.Contains("corpus.documents", cells);
        Assert.Contains("37280", cells);
        // contamination.md as HTML, its "#" heading nested under the page's "Contamination" section.
        var h3 = html.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Contamination check: core against the training set", h3);
        Assert.Contains("Clean: no item flagged.", html.QuerySelectorAll("strong").Select(b => b.TextContent.Trim()));
        Assert.Contains(html.QuerySelectorAll("table thead th"), th => th.TextContent.Trim() == "patch overlap");
    }

    [Fact]
    public void The_training_page_charts_each_checkpoint_run_against_the_baselines_with_links_to_the_run_pages()
    {
        var html = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "training", "tiny-pd.html")));
        var table = html.QuerySelector("table[id^='evaluation-']")!;
        var rows = table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        // The two checkpoint runs by step, then the three runs without a model.
        Assert.Equal(["100", "200", "—", "—", "—"], rows.Select(r => r[1]));
        Assert.Equal(["llamacpp", "llamacpp"], rows.Take(2).Select(r => r[2]));
        Assert.Equal(["empty", "reference", "retrieval"], rows.Skip(2).Select(r => r[2]).Order(StringComparer.Ordinal));
        Assert.Equal("../runs/core-tiny-pd-step100.html", table.QuerySelector("tbody tr a")!.GetAttribute("href"));
        var svg = Directory.GetFiles(Path.Combine(site.Site, "charts"), "training-tiny-pd-*-checkpoints.svg").Single();
        var chart = SvgInspection.ParseChart(File.ReadAllText(svg));
        Assert.True(SvgInspection.Texts(chart).Any(t => t.StartsWith("tiny-pd: ", StringComparison.Ordinal)
            && t.EndsWith(" across checkpoints", StringComparison.Ordinal)),
            string.Join(" | ", SvgInspection.Texts(chart)));
        Assert.True(File.Exists(Path.ChangeExtension(svg, ".png")));
        var inline = html.QuerySelectorAll("figure").Single(f => f.QuerySelector("figcaption")?.TextContent.Contains("of each tiny-pd checkpoint on") == true)
            .QuerySelector("svg")!;
        var links = inline.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? a.GetAttribute("xlink:href")).ToList();
        Assert.Equal(["../runs/core-tiny-pd-step100.html", "../runs/core-tiny-pd-step200.html"], links);
        // The gate of the last checkpoint, linked with its verdict.
        var gate = html.QuerySelectorAll("a").Single(a => a.GetAttribute("href") == "../gate.html#tiny-pd-step0200");
        Assert.Equal("tiny-pd-step0200 against the checkpoint before it: passed", gate.TextContent.Trim());
    }

    [Fact]
    public void The_gate_page_renders_each_summary_and_the_index_links_both_pages()
    {
        var gate = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "gate.html")));
        Assert.Equal("tiny-pd-step0200", gate.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal("tiny-pd-step0200", gate.QuerySelector("h2")!.Id);
        Assert.Equal("PatchBench gate: passed", gate.QuerySelector("h3")!.TextContent.Trim());
        var header = gate.QuerySelectorAll("table thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["metric", "baseline", "candidate", "drop", "allowed", "p", "result"], header);
        Assert.Contains(gate.QuerySelectorAll("tbody td:first-child"), td => td.TextContent.Trim() == "similarity");
        Assert.Contains("core-tiny-pd-step100", gate.QuerySelectorAll("code").Select(c => c.TextContent));
        var index = File.ReadAllText(Path.Combine(site.Site, "index.md"));
        Assert.Contains("[Training: tiny-pd (loss curve, checkpoints, contamination)](training/tiny-pd.md)", index);
        Assert.Contains("[CI gate summaries (1)](gate.md)", index);
        var indexHtml = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "index.html")));
        Assert.Contains(indexHtml.QuerySelectorAll("a"), a => a.GetAttribute("href") == "training/tiny-pd.html");
        Assert.Contains(indexHtml.QuerySelectorAll("a"), a => a.GetAttribute("href") == "gate.html");
        // Every page's header links both, relative to where the page is.
        var run = Parser.ParseDocument(File.ReadAllText(Path.Combine(site.Site, "runs", "core-tiny-pd-step200.html")));
        var nav = run.QuerySelectorAll("header nav a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("Leaderboard", "../index.html"), ("Throughput", "../throughput.html"), ("Training: tiny-pd", "../training/tiny-pd.html"),
            ("Gate", "../gate.html")], nav);
    }

    [Fact]
    public void Without_training_and_gate_folders_the_site_has_neither_page_nor_link()
    {
        var root = Path.Combine(Path.GetTempPath(), "patchbench-site-no-training-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var results = Path.Combine(root, "results");
            var run = Directory.GetDirectories(site.Results, "core-reference-*").Single();
            Directory.CreateDirectory(Path.Combine(results, Path.GetFileName(run)));
            foreach (var f in Directory.GetFiles(run)) File.Copy(f, Path.Combine(results, Path.GetFileName(run), Path.GetFileName(f)));
            var built = SiteBuilder.Build(results, Path.Combine(root, "site"));
            Assert.Empty(built.Warnings);
            Assert.False(Directory.Exists(Path.Combine(root, "site", "training")));
            Assert.False(File.Exists(Path.Combine(root, "site", "gate.html")));
            var index = File.ReadAllText(Path.Combine(root, "site", "index.md"));
            Assert.DoesNotContain("training/", index);
            Assert.DoesNotContain("gate.md", index);
            var nav = Parser.ParseDocument(File.ReadAllText(Path.Combine(root, "site", "index.html"))).QuerySelectorAll("header nav a")
                .Select(a => a.TextContent);
            Assert.Equal(["Leaderboard", "Throughput"], nav);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_broken_training_json_is_one_warning_naming_the_file_and_line_and_the_rest_is_built()
    {
        var root = Path.Combine(Path.GetTempPath(), "patchbench-site-bad-training-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var results = Path.Combine(root, "results");
            Directory.CreateDirectory(Path.Combine(results, "training", "broken"));
            Directory.CreateDirectory(Path.Combine(results, "training", "wrong"));
            File.WriteAllText(Path.Combine(results, "training", "broken", "training.json"), "{\n  \"family\": \"broken\",\n  \"steps\": ,\n}");
            File.WriteAllText(Path.Combine(results, "training", "wrong", "training.json"),
                """{ "family": "wrong", "checkpoints": [ { "name": "c", "step": "ten" } ] }""");
            CopyFolder(Path.Combine(site.Results, "training", "tiny-pd"), Path.Combine(results, "training", "tiny-pd"));
            var warnings = new List<SiteWarning>();
            var families = TrainingResults.LoadFamilies(results, warnings);
            Assert.Equal(["tiny-pd"], families.Select(f => f.Family));
            Assert.Equal(2, warnings.Count);
            Assert.EndsWith(Path.Combine("broken", "training.json"), warnings[0].File);
            Assert.Equal(3, warnings[0].Line);
            Assert.Contains("not valid JSON", warnings[0].Message);
            Assert.Equal("checkpoints[0]: expected a number \"step\", got \"ten\"; family left out", warnings[1].Message);
            Assert.DoesNotContain('\n', warnings[1].ToString());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
