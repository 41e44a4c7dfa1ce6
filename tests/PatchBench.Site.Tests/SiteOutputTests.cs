using AngleSharp.Html.Parser;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PatchBench.Site.Tests;

/// <summary>The site built from real run folders: its Markdown parsed back with Markdig, its HTML parsed strictly with AngleSharp, every local link resolved,
/// and determinism.</summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Integration")] // SiteFixture runs patchbench with real Pd scoring
public sealed class SiteOutputTests(SiteFixture site)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    private static List<List<string>> TableRows(string markdownFile, int tableIndex = 0)
    {
        var doc = Markdown.Parse(File.ReadAllText(markdownFile), Pipeline);
        var table = doc.Descendants<Table>().ElementAt(tableIndex);
        return table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => CellText(c)).ToList()).ToList();
    }

    private static string CellText(TableCell cell) => string.Concat(cell.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();

    [Fact]
    public void Site_command_exits_0_and_prints_the_index_url()
    {
        Assert.True(site.SiteExitCode == 0, site.SiteStderr);
        Assert.Contains("file://" + Path.Combine(site.Site, "index.html"), site.SiteStdout);
        Assert.Equal("", site.SiteStderr);
    }

    [Fact]
    public void Leaderboard_markdown_has_one_row_per_run_ranked_with_intervals()
    {
        var rows = TableRows(Path.Combine(site.Site, "index.md"));
        var header = rows[0];
        Assert.Equal("Rank", header[0]);
        Assert.Contains("functional_pass", header);
        Assert.Contains("Contamination", header);
        var body = rows.Skip(1).ToList();
        Assert.Equal(5, body.Count);
        var systems = body.Select(r => r[1]).ToList();
        Assert.Equal("reference", systems[0]);
        Assert.Equal("1", body[0][0]);
        Assert.Contains("empty", systems);
        Assert.Contains("retrieval", systems);
        Assert.Contains(systems, s => s.Contains("tiny-pd-step100"));
        // Model facts of the checkpoint runs come from the spec (no GGUF file here): the template and k columns are filled.
        var step = body.Single(r => r[1] == "tiny-pd-step200");
        Assert.Equal("tiny-pd-step200", step[header.IndexOf("Model")]);
        Assert.Equal("alpaca", step[header.IndexOf("Template")]);
        Assert.Equal("3", step[header.IndexOf("k")]);
        Assert.Equal("30.0", step[header.IndexOf("tg t/s")]);
        // Every metric cell carries its interval.
        var fp = header.IndexOf("functional_pass");
        Assert.All(body, r => Assert.Matches(@"^\d\.\d{3} \[\d\.\d\d, \d\.\d\d\]$", r[fp]));
        // The retrieval run's contamination report is shown.
        Assert.Contains(body, r => r[header.IndexOf("Contamination")].Contains("1/2 flagged"));
    }

    [Fact]
    public void Ties_within_intervals_share_a_rank()
    {
        var rows = TableRows(Path.Combine(site.Site, "index.md")).Skip(1).ToList();
        // empty, retrieval and the two checkpoints all have functional_pass 0 with interval [0, 0]: one tie group, rank =2.
        var tied = rows.Where(r => r[1] != "reference").Select(r => r[0]).Distinct().ToList();
        Assert.Equal(["=2"], tied);
    }

    [Fact]
    public void Every_page_is_written_as_markdown_and_html_and_every_html_page_is_well_formed()
    {
        var mds = Directory.GetFiles(site.Site, "*.md", SearchOption.AllDirectories);
        var htmls = Directory.GetFiles(site.Site, "*.html", SearchOption.AllDirectories);
        Assert.Equal(mds.Select(f => Path.ChangeExtension(f, null)).Order(), htmls.Select(f => Path.ChangeExtension(f, null)).Order());
        // index, throughput, 5 runs, items index, 5 items, the training family, the gate summaries.
        Assert.Equal(15, htmls.Length);
        var parser = new HtmlParser(new HtmlParserOptions { IsStrictMode = true });
        foreach (var file in htmls)
        {
            var ex = Record.Exception(() => parser.ParseDocument(File.ReadAllText(file)));
            Assert.True(ex is null, $"{file}: {ex?.Message}");
        }
    }

    [Fact]
    public void Every_local_href_and_src_of_every_html_page_resolves()
    {
        var parser = new HtmlParser();
        int checkedLinks = 0;
        foreach (var file in Directory.GetFiles(site.Site, "*.html", SearchOption.AllDirectories))
        {
            var doc = parser.ParseDocument(File.ReadAllText(file));
            foreach (var el in doc.QuerySelectorAll("[href], [src]"))
            {
                var url = el.GetAttribute("href") ?? el.GetAttribute("src")!;
                Assert.DoesNotContain("://", url); // no external references at all
                var hash = url.IndexOf('#');
                var path = hash >= 0 ? url[..hash] : url;
                var fragment = hash >= 0 ? url[(hash + 1)..] : null;
                var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                Assert.True(File.Exists(target), $"{file}: link {url} → {target} does not exist");
                if (fragment is not null && target.EndsWith(".html"))
                    Assert.True(parser.ParseDocument(File.ReadAllText(target)).GetElementById(fragment) is not null, $"{file}: anchor {url} not found");
                checkedLinks++;
            }
        }
        Assert.True(checkedLinks > 100, $"only {checkedLinks} links");
    }

    [Fact]
    public void Every_local_link_and_image_of_every_markdown_page_resolves()
    {
        foreach (var file in Directory.GetFiles(site.Site, "*.md", SearchOption.AllDirectories))
        {
            var doc = Markdown.Parse(File.ReadAllText(file), Pipeline);
            foreach (var link in doc.Descendants<LinkInline>())
            {
                var url = link.Url!;
                if (url.StartsWith('#')) continue;
                Assert.DoesNotContain("://", url);
                var path = url.Split('#')[0];
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                Assert.True(File.Exists(target), $"{file}: {url} does not exist");
            }
        }
    }

    [Fact]
    public void Html_tables_carry_sort_keys_and_the_sort_script()
    {
        var doc = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(site.Site, "index.html")));
        var table = doc.QuerySelector("table.sortable")!;
        Assert.NotNull(table);
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.Equal(5, rows.Length);
        Assert.All(rows, r => Assert.All(r.QuerySelectorAll("td"), td => Assert.True(td.HasAttribute("data-sort-value"))));
        Assert.NotNull(doc.QuerySelector("script[src='sort.js']"));
        Assert.NotNull(doc.QuerySelector("link[rel=stylesheet][href='style.css']"));
    }

    [Fact]
    public void Charts_are_inline_in_html_and_separate_svg_files_referenced_from_markdown()
    {
        var md = File.ReadAllText(Path.Combine(site.Site, "index.md"));
        foreach (var chart in new[] { $"charts/{SiteFixture.CoreKey}-by-category.svg", $"charts/{SiteFixture.CoreKey}-checkpoints.svg" })
        {
            Assert.Contains($"]({chart})", md);
            var svg = File.ReadAllText(Path.Combine(site.Site, chart));
            Assert.StartsWith("<svg", svg.TrimStart());
            Assert.Contains(svg.Trim(), File.ReadAllText(Path.Combine(site.Site, "index.html")));
        }
        // The scatter's points link to run pages, so its file differs from the inline copy only in those links' base.
        Assert.Contains($"](charts/{SiteFixture.CoreKey}-quality-vs-speed.svg)", md);
        Assert.True(File.Exists(Path.Combine(site.Site, "charts", $"{SiteFixture.CoreKey}-quality-vs-speed.svg")));
    }

    [Fact]
    public void Item_pages_draw_reference_and_candidates_coloured_by_the_similarity_matches()
    {
        var itemsDir = Path.Combine(site.Site, "items", SiteFixture.CoreKey);
        var index = TableRows(Path.Combine(itemsDir, "index.md"));
        Assert.Equal(6, index.Count); // header + 5 items
        var disagreement = index.Skip(1).Select(r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(disagreement.OrderByDescending(x => x), disagreement); // most disputed first
        var first = index[1][0];
        var html = File.ReadAllText(Path.Combine(itemsDir, first + ".html"));
        var doc = new HtmlParser().ParseDocument(html);
        // The retrieval candidate section: reference and candidate drawings side by side, boxes coloured.
        var section = doc.QuerySelectorAll(".figures.drawings").Select(f => f.QuerySelectorAll("svg").Length).ToList();
        Assert.Contains(2, section);
        Assert.Contains("#d9f2d0", html); // matched fill of PatchSvg's palette
        Assert.Contains("Raw model output", html);
        Assert.Contains("Functional checks", html);
        var md = File.ReadAllText(Path.Combine(itemsDir, first + ".md"));
        Assert.Contains("-candidate.svg)", md);
        Assert.Contains("-reference.svg)", md);
    }

    [Fact]
    public void Lint_diagnostics_are_shown_under_their_lines()
    {
        // The empty system's patch is empty; the references carry PD201 (fan-out) warnings on some items: find any noted line.
        var pages = Directory.GetFiles(Path.Combine(site.Site, "items", SiteFixture.CoreKey), "*.html");
        var noted = pages.Select(p => new HtmlParser().ParseDocument(File.ReadAllText(p)))
            .SelectMany(d => d.QuerySelectorAll("pre.annotated .line.noted")).ToList();
        Assert.NotEmpty(noted);
        Assert.All(noted, line => Assert.Equal("note", line.NextElementSibling?.ClassName));
    }

    [Fact]
    public void Run_pages_show_throughput_percentiles_and_link_the_raw_files()
    {
        var run = Path.Combine(site.Site, "runs", "core-tiny-pd-step200.md");
        var md = File.ReadAllText(run);
        Assert.Contains("[run.json](core-tiny-pd-step200/run.json)", md);
        Assert.True(File.Exists(Path.Combine(site.Site, "runs", "core-tiny-pd-step200", "samples.jsonl")));
        var doc = Markdown.Parse(md, Pipeline);
        var throughput = doc.Descendants<Table>().Select(t => t.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(CellText).ToList()).ToList())
            .Single(t => t[0][0] == "Quantity");
        Assert.Equal(["Quantity", "n", "mean", "p50", "p90", "p99"], throughput[0]);
        var tg = throughput.Single(r => r[0] == "generation tokens/s");
        Assert.Equal("5", tg[1]);
        Assert.Equal("32.0", tg[3]); // 30, 31, 32, 33, 34 → median 32
        Assert.Contains("family `tiny-pd`, step 200", md);
    }

    [Fact]
    public void Throughput_page_lists_pp_and_tg_with_the_bandwidth_ceiling()
    {
        var rows = TableRows(Path.Combine(site.Site, "throughput.md"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(["pp512", "tg128"], rows.Skip(1).Select(r => r[7]).Order().ToList());
        Assert.Equal("593.8", rows.Single(r => r[7] == "tg128")[9]);
        Assert.Contains("charts/throughput-", File.ReadAllText(Path.Combine(site.Site, "throughput.md")));
    }

    [Fact]
    public void Two_builds_of_the_same_results_are_byte_identical()
    {
        var again = Path.Combine(site.Root, "site-again");
        SiteBuilder.Build(site.Results, again);
        var a = Directory.GetFiles(site.Site, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(site.Site, f)).Order(StringComparer.Ordinal)
            .ToList();
        var b = Directory.GetFiles(again, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(again, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(a, b);
        foreach (var rel in a)
            Assert.True(File.ReadAllBytes(Path.Combine(site.Site, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, rel))), $"{rel} differs");
        // Rebuilding into an earlier site leaves exactly this build (a stale file is removed).
        File.WriteAllText(Path.Combine(again, "stale.html"), "old");
        SiteBuilder.Build(site.Results, again);
        Assert.False(File.Exists(Path.Combine(again, "stale.html")));
    }
}
