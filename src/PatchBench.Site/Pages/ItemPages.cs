using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Drawing;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;
using PatchBench.Site.Html;
using static PatchBench.Site.Html.MarkdownText;

namespace PatchBench.Site.Pages;

/// <summary>The items index (most disputed first) and one page per item: prompt, reference and every system's candidate drawn side by side, with what each
/// scorer found.</summary>
public static class ItemPages
{
    /// <summary>
    /// How much the systems disagree on an item: the variance across runs of the per-run mean of <c>functional_pass</c>
    /// plus that of <c>similarity</c> (population variance; 0 with fewer than two runs).
    /// </summary>
    public static double Disagreement(SuiteGroup g, string itemId)
    {
        double Var(string metric)
        {
            var means = g.Runs
                .Select(r => r.Run.Samples.Where(s => s.ItemId == itemId && s.Scores.ContainsKey(metric)).Select(s => s.Scores[metric]).ToList())
                .Where(v => v.Count > 0).Select(v => v.Average()).ToList();
            if (means.Count < 2) return 0;
            var mean = means.Average();
            return means.Sum(x => (x - mean) * (x - mean)) / means.Count;
        }
        return Var(HeadlineMetrics.FunctionalPass) + Var(HeadlineMetrics.Similarity);
    }

    /// <summary>Items in index order: most disputed first, then by id.</summary>
    public static IReadOnlyList<(string Id, double Disagreement)> Ordered(SuiteGroup g) =>
        g.Items.Select(i => (i, Disagreement(g, i))).OrderByDescending(x => Math.Round(x.Item2, 12)).ThenBy(x => x.i, StringComparer.Ordinal).ToList();

    /// <summary>The items index page.</summary>
    public static Page Index(SuiteGroup g)
    {
        var file = g.ItemsIndexPath + ".md";
        var head = new StringBuilder($"# Items of suite {Escape(g.Key)}\n\n");
        head.Append(Link("Leaderboard", SiteLinks.Relative(file, "index.md"))).Append("\n\n")
            .Append("Most disputed first: *disagreement* is the variance across systems of each system's mean `functional_pass` on the item plus that of its " +
                "mean `similarity`. ")
            .Append("Cells show `functional_pass` / `similarity` (means over samples).\n");
        var headers = new List<string> { "Item", "Category", "Difficulty", "Disagreement" };
        headers.AddRange(g.Runs.Select(r => r.Name));
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var (id, d) in Ordered(g))
        {
            var any = g.Runs.SelectMany(r => r.Run.Samples).FirstOrDefault(s => s.ItemId == id);
            var row = new List<Cell>
            {
                new(Link(id, SiteLinks.Relative(file, g.ItemPath(id) + ".md")), id),
                new(Escape(any?.Category ?? ""), any?.Category ?? ""),
                new(Escape(any?.Difficulty ?? ""), any?.Difficulty ?? ""),
                new(Fixed(d, 3), Key(d)),
            };
            foreach (var r in g.Runs)
            {
                var samples = r.Run.Samples.Where(s => s.ItemId == id).ToList();
                if (samples.Count == 0) { row.Add(new Cell("—", "")); continue; }
                var fp = Mean(samples, HeadlineMetrics.FunctionalPass);
                var sim = Mean(samples, HeadlineMetrics.Similarity);
                row.Add(new Cell($"{(fp is { } f ? Fixed(f, 2) : "—")} / {(sim is { } s ? Fixed(s, 2) : "—")}", Key((fp ?? 0) * 10 + (sim ?? 0))));
            }
            rows.Add(row);
        }
        return new Page(g.ItemsIndexPath, $"Items of {g.Key}",
            [new MarkdownBlock(head.ToString()), new TableBlock(headers, rows, true, "items", headers.Select((_, i) => i >= 3).ToList())]);
    }

    /// <summary>One item's page.</summary>
    public static Page Item(SuiteGroup g, string id, string? previous, string? next, IObjectCatalog catalog)
    {
        var path = g.ItemPath(id);
        var file = path + ".md";
        var svgDir = $"items/{g.Slug}/svg/{SiteLinks.Slug(id)}";
        var blocks = new List<Block>();
        var any = g.Runs.SelectMany(r => r.Run.Samples).FirstOrDefault(s => s.ItemId == id);
        var head = new StringBuilder($"# {Escape(id)}\n\n");
        head.Append(previous is null ? "← previous" : Link("← previous", SiteLinks.Relative(file, g.ItemPath(previous) + ".md")))
            .Append(" · ").Append(Link("all items", SiteLinks.Relative(file, g.ItemsIndexPath + ".md")))
            .Append(" · ").Append(next is null ? "next →" : Link("next →", SiteLinks.Relative(file, g.ItemPath(next) + ".md")))
            .Append("\n\n");
        head.Append("Suite ").Append(Escape(g.Key)).Append(" · category ").Append(Code(any?.Category ?? "?")).Append(" · difficulty ")
            .Append(Escape(any?.Difficulty ?? "?"))
            .Append(" · disagreement ").Append(Fixed(Disagreement(g, id), 3)).Append("\n\n## Prompt\n\n");
        var prompt = g.Prompts.GetValueOrDefault(id);
        head.Append(prompt is not null ? "> " + Escape(prompt) + "\n"
            : "*The suite folder was not found; the prompt as sent to each system is under its section.*\n");
        blocks.Add(new MarkdownBlock(head.ToString()));

        var reference = g.References.GetValueOrDefault(id);
        if (reference is not null)
        {
            blocks.Add(new MarkdownBlock("## Reference\n"));
            var refPatch = PdParser.Parse(reference);
            blocks.Add(new FigureRow([new Figure($"{svgDir}/reference.svg", Draw(refPatch, catalog, null, "reference"), "the reference patch")],
                Drawings: true));
            blocks.Add(new DetailsCode("Reference patch text", reference));
        }

        // Summary table of every system on this item.
        var metrics = g.Metrics.Where(m => m != HeadlineMetrics.ReferencePerplexity).ToList();
        var headers = new List<string> { "System", "Sample" };
        headers.AddRange(metrics);
        var summary = new List<IReadOnlyList<Cell>>();
        foreach (var r in g.Runs)
            foreach (var s in r.Run.Samples.Where(s => s.ItemId == id))
            {
                var row = new List<Cell> { new(Link(r.Name, "#" + Anchor(r, s)), r.Name),
                    new(s.SampleIndex.ToString(CultureInfo.InvariantCulture), s.SampleIndex.ToString(CultureInfo.InvariantCulture)) };
                foreach (var m in metrics) row.Add(s.Scores.TryGetValue(m, out var v) ? RunPage.ScoreCell(m, v) : new Cell("—", ""));
                summary.Add(row);
            }
        blocks.Add(new MarkdownBlock("## Systems\n"));
        blocks.Add(new TableBlock(headers, summary, true, "systems", headers.Select((h, i) => i == 1 || metrics.Contains(h)).ToList()));

        // The reference system's section (identical drawings) comes last: the candidates are what people look for.
        foreach (var r in g.Runs.OrderBy(r => r.Run.Info.System.Backend == "reference" ? 1 : 0))
            foreach (var s in r.Run.Samples.Where(s => s.ItemId == id))
                blocks.AddRange(SystemSection(g, r, s, reference, svgDir, file, catalog));
        return new Page(path, id, blocks);
    }

    private static string Anchor(RankedRun r, SampleRecord s) => "sys-" + SiteLinks.Slug(r.Run.Id).ToLowerInvariant().Replace('.', '-') + "-"
        + s.SampleIndex.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<Block> SystemSection(SuiteGroup g, RankedRun r, SampleRecord s, string? reference, string svgDir, string file,
        IObjectCatalog catalog)
    {
        var anchor = Anchor(r, s);
        var head = new StringBuilder();
        // An explicit anchor (raw HTML) so links work the same in Markdig's HTML and on a code host.
        head.Append("<a id=\"").Append(anchor).Append("\"></a>\n\n## ").Append(Escape(r.Name));
        if (s.SampleIndex > 0 || r.Run.Info.Plan.Samples > 1) head.Append(", sample ").Append(s.SampleIndex.ToString(CultureInfo.InvariantCulture));
        head.Append("\n\n").Append(Link("run page", SiteLinks.Relative(file, r.PagePath + ".md")));
        var scores = g.Metrics.Where(s.Scores.ContainsKey).Select(m => $"{Code(m)} {RunPage.ScoreCell(m, s.Scores[m]).Markdown}");
        head.Append(" · ").Append(string.Join(" · ", scores));
        if (s.Extraction is { } ex) head.Append(" · extraction ").Append(Code(ex));
        if (s.FinishReason is { } fr) head.Append(" · finish ").Append(Code(fr));
        if (s.Tokens is { } tk) head.Append(string.Create(CultureInfo.InvariantCulture, $" · {tk.Prompt} prompt / {tk.Completion} generated tokens"));
        if (s.Timings.GenerationTokensPerSecond is { } tps) head.Append(" · ").Append(Fixed(tps, 1)).Append(" tokens/s");
        head.Append('\n');
        if (s.Error is { } err) head.Append("\n**Error:** ").Append(Escape(err)).Append('\n');
        yield return new MarkdownBlock(head.ToString());

        // Drawings: the reference coloured by what this candidate matched, and the candidate coloured by what it matched.
        var similarity = Similarity(s);
        var candidate = PdParser.Parse(s.Patch);
        var stem = $"{svgDir}/{SiteLinks.Slug(r.Run.Id)}-s{s.SampleIndex.ToString(CultureInfo.InvariantCulture)}";
        var figures = new List<Figure>();
        if (reference is not null)
            figures.Add(new Figure($"{stem}-reference.svg", Draw(PdParser.Parse(reference), catalog, similarity?.ReferenceStatus(), "reference"),
                "reference: matched boxes green, changed amber, missing red"));
        figures.Add(new Figure($"{stem}-candidate.svg", Draw(candidate, catalog, similarity?.CandidateStatus(), "candidate"),
            "candidate: matched boxes green, changed amber, extra blue"));
        yield return new FigureRow(figures, Drawings: true);

        // The patch with its lint diagnostics at their lines.
        var notes = new SortedDictionary<int, IReadOnlyList<string>>();
        if (s.ScoreDetails.GetValueOrDefault("lint")?["diagnostics"] is JsonArray diags)
            foreach (var d in diags.OfType<JsonObject>().GroupBy(d => Int(d["line"]) ?? 0).OrderBy(x => x.Key))
                notes[d.Key] = d.Select(x => $"{Str(x["severity"])} {Str(x["code"])} (column {Int(x["column"]) ?? 0}): {Str(x["message"])}").ToList();
        yield return new MarkdownBlock(notes.Count == 0 ? "### Patch\n\nThe linter found nothing.\n"
            : $"### Patch\n\n{notes.Values.Sum(n => n.Count)} lint finding(s), shown under their lines.\n");
        yield return new AnnotatedCode(s.Patch.Length == 0 ? "(no patch extracted)" : s.Patch, notes);

        // Execution in real Pd.
        if (s.ScoreDetails.GetValueOrDefault("exec") is { } exec)
        {
            var sb = new StringBuilder("### Execution in Pd\n\n");
            sb.Append("Stage reached: ").Append(Code(Str(exec["stage"]))).Append(" (sandbox ").Append(Code(Str(exec["sandbox"]))).Append(')');
            sb.Append(exec["silent"] is JsonValue silent && silent.TryGetValue<bool>(out var isSilent) ? $" · audio: {(isSilent ? "silent" : "sound")}"
                : " · audio: not measured");
            sb.Append('\n');
            if (exec["errors"] is JsonArray errors && errors.Count > 0)
            {
                sb.Append("\nPd's errors:\n\n");
                foreach (var e in errors.OfType<JsonObject>()) sb.Append("- ").Append(Code(Str(e["message"]))).Append('\n');
            }
            if (exec["audio"] is JsonArray channels && channels.Count > 0)
            {
                sb.Append("\nAudio at dac~ (first logical second):\n\n| channel | RMS dBFS | peak dBFS | strongest Hz | clipped samples |\n| --- | --- | --- " +
                    "| --- | --- |\n");
                foreach (var c in channels.OfType<JsonObject>())
                    sb.Append($"| {Str(c["channel"])} | {Str(c["rms_dbfs"])} | {Str(c["peak_dbfs"])} | {Str(c["dominant_hz"])} | {Str(c["clipped"])} |\n");
            }
            if (exec["printed"] is JsonArray printed && printed.Count > 0)
            {
                var total = Int(exec["printed_total"]) ?? printed.Count;
                sb.Append(total > printed.Count ? $"\nPrinted output (first {printed.Count} of {total} lines):\n\n" : "\nPrinted output:\n\n")
                  .Append(Fenced(string.Join('\n', printed.Select(p => p is JsonValue v ? v.ToString() : p?.ToJsonString() ?? ""))));
            }
            yield return new MarkdownBlock(sb.ToString());
        }

        // Functional checks.
        if (s.ScoreDetails.GetValueOrDefault("functional") is { } functional)
        {
            if (functional["checks"] is JsonArray checks && checks.Count > 0)
            {
                var derived = checks.OfType<JsonObject>().Count(IsDerived);
                yield return new MarkdownBlock("### Functional checks\n" + (derived == 0 ? "" :
                    $"\n**Derived checks**: {derived} of these {checks.Count} check(s), marked *derived*, were not authored: `suite import` derived them " +
                        $"from the reference's own behaviour " +
                    "(what it prints, how it sounds), so passing them means \"behaves like the reference\", not \"does what the prompt asks\" " +
                        "(docs/checks.md).\n"));
                yield return new TableBlock(["Check", "Outcome", "Expected", "Observed", "Problems"], checks.OfType<JsonObject>().Select(c =>
                {
                    bool passed = c["passed"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
                    var problems = c["problems"] is JsonArray ps ? string.Join("; ", ps.Select(x => x?.ToString() ?? "")) : "";
                    return (IReadOnlyList<Cell>)[new Cell(Escape(Str(c["name"])) + (IsDerived(c) ? " *derived*" : "")),
                        new Cell(passed ? "✓ pass" : "✗ fail", passed ? "1" : "0", passed ? "pass" : "fail"),
                        CodeOrDash(Str(c["expected"])), CodeOrDash(Str(c["observed"])), new Cell(Escape(Clip(problems)))];
                }).ToList());
            }
            else if (functional["note"] is { } note)
                yield return new MarkdownBlock($"### Functional checks\n\n{Escape(Str(note))}\n");
        }
        yield return new DetailsCode("Raw model output", s.Output.Length == 0 ? "(empty)" : s.Output);
        yield return new DetailsCode("Prompt as sent", s.Prompt.Length == 0 ? "(empty)" : s.Prompt);
    }

    /// <summary>True for a check record that <c>suite import</c> derived from the reference (<c>"derived": true</c>).</summary>
    internal static bool IsDerived(JsonObject check) => check["derived"] is JsonValue d && d.TryGetValue<bool>(out var v) && v;

    /// <summary>
    /// Draws a patch; candidates are untrusted model output, so a drawing that fails becomes a small note instead of
    /// stopping the whole site.
    /// </summary>
    private static string Draw(PdPatch patch, IObjectCatalog catalog, IReadOnlyDictionary<string, BoxStatus>? status, string title)
    {
        try { return PatchSvg.Render(patch, catalog, status, title); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var text = System.Net.WebUtility.HtmlEncode($"{title}: not drawable ({ex.GetType().Name})");
            return $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"40\" viewBox=\"0 0 320 40\"><text x=\"8\" y=\"24\" " +
                $"font-family=\"sans-serif\" font-size=\"12\">{text}</text></svg>";
        }
    }

    private static GraphSimilarity? Similarity(SampleRecord s)
    {
        if (s.ScoreDetails.GetValueOrDefault("similarity") is not { } node || node["matches"] is null) return null;
        try { return node.Deserialize(GraphSimilarityJson.Default.GraphSimilarity); }
        catch (JsonException) { return null; }
    }

    private static double? Mean(IReadOnlyList<SampleRecord> samples, string metric)
    {
        var v = samples.Where(s => s.Scores.ContainsKey(metric)).Select(s => s.Scores[metric]).ToList();
        return v.Count == 0 ? null : v.Average();
    }

    private static Cell CodeOrDash(string s) => new(s.Length == 0 ? "—" : Code(Clip(s)));

    private static string Clip(string s) => s.Length > 160 ? s[..160] + "…" : s;

    private static string Str(JsonNode? n) => n switch { null => "", JsonValue v when v.TryGetValue<string>(out var s) => s, _ => n.ToJsonString() };

    private static int? Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : n is JsonValue d && d.TryGetValue<double>(out var x)
        ? (int)x : null;
}
