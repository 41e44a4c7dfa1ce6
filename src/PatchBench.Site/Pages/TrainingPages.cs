using System.Globalization;
using System.Text;
using Markdig.Syntax;
using PatchBench.Site.Charts;
using PatchBench.Site.Html;
using PatchBench.Site.Results;
using static PatchBench.Site.Html.MarkdownText;

namespace PatchBench.Site.Pages;

/// <summary>
/// A page per trained checkpoint family (loss curve, checkpoints, settings, its contamination report) and one page of
/// gate summaries. Both render Markdown other commands wrote (<c>contamination.md</c>, <c>patchbench gate</c>'s summary)
/// with its headings moved below the page's own.
/// </summary>
public static class TrainingPages
{
    /// <summary>Site path (no extension) of a family's page.</summary>
    public static string FamilyPath(TrainingFamily f) => "training/" + SiteLinks.Slug(f.Family);

    /// <summary>Site path (no extension) of the gate page.</summary>
    public const string GatePath = "gate";

    /// <summary>
    /// The family's page: what was trained (loss curve, checkpoints, settings), how its checkpoints score on each suite
    /// beside the baselines (the checkpoint trend, points linking to run pages), the gate of its last checkpoint, and the
    /// contamination report of its training data.
    /// </summary>
    /// <param name="f">The family from training.json.</param>
    /// <param name="groups">The suite versions with their ranked runs; the family's runs are those whose model path names it.</param>
    /// <param name="gates">Gate summaries; those named after one of the family's checkpoints are linked.</param>
    public static Page Family(TrainingFamily f, IReadOnlyList<SuiteGroup> groups, IReadOnlyList<GateSummary> gates)
    {
        var path = FamilyPath(f);
        var file = path + ".md";
        var intro = new StringBuilder();
        intro.Append("# Training: ").Append(Escape(f.Family)).Append("\n\n")
             .Append(Link("Leaderboard", SiteLinks.Relative(file, "index.md"))).Append("\n\n")
             .Append(string.Create(CultureInfo.InvariantCulture, $"{f.Steps} steps, {f.Checkpoints.Count} checkpoint{(f.Checkpoints.Count == 1 ? "" : "s")}"));
        if (double.IsFinite(f.TokensPerSecond)) intro.Append(", ").Append(Fixed(f.TokensPerSecond, 0)).Append(" training tokens/s");
        if (double.IsFinite(f.WallSeconds))
            intro.Append(", ").Append(f.WallSeconds < 120 ? Fixed(f.WallSeconds, 1) + " s" : Fixed(f.WallSeconds / 60, 1) + " min").Append(" of training");
        intro.Append(". From `training.json` in `results/training/").Append(Escape(Path.GetFileName(path))).Append("/`.\n");
        var blocks = new List<Block> { new MarkdownBlock(intro.ToString()) };

        var curve = f.LossCurve.Select(p => new LinePoint(p.Step, p.Loss)).ToList();
        var marks = f.Checkpoints.Where(c => double.IsFinite(c.Loss)).Select(c => new LinePoint(c.Step, c.Loss, c.Name)).ToList();
        if (curve.Count > 0 || marks.Count > 0)
        {
            var series = new List<LineSeries>();
            if (curve.Count > 0) series.Add(new LineSeries("training loss", curve, Markers: curve.Count <= 40));
            if (marks.Count > 0) series.Add(new LineSeries("checkpoints", marks));
            blocks.Add(new FigureRow([Figure.Chart($"charts/training-{SiteLinks.Slug(f.Family)}-loss.svg",
                $"{f.Family}: training loss per step; each checkpoint marked at its mean loss since the one before",
                (id, png) => SiteCharts.Lines(new LineChartSpec($"{f.Family}: training loss", "step", "loss", series), id, png))]));
        }

        blocks.Add(new MarkdownBlock("## Checkpoints\n"));
        if (f.Checkpoints.Count == 0) blocks.Add(new MarkdownBlock("No checkpoints listed.\n"));
        else
            blocks.Add(new TableBlock(["Checkpoint", "Step", "Tokens", "Loss", "GGUF", "ONNX"],
                f.Checkpoints.Select(c => (IReadOnlyList<Cell>)
                [
                    new Cell(Escape(c.Name), c.Name),
                    new Cell(c.Step.ToString(CultureInfo.InvariantCulture), Key(c.Step)),
                    new Cell(c.Tokens.ToString("N0", CultureInfo.InvariantCulture), Key(c.Tokens)),
                    new Cell(Number(c.Loss, 4), Key(c.Loss)),
                    new Cell(c.Gguf is null ? "—" : Code(c.Gguf), c.Gguf ?? ""),
                    new Cell(c.Onnx is null ? "—" : Code(c.Onnx), c.Onnx ?? ""),
                ]).ToList(), true, "checkpoints", [false, true, true, true, false, false]));

        foreach (var g in groups) blocks.AddRange(Evaluation(f, g, file));

        var names = f.Checkpoints.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var ownGates = gates.Where(x => names.Contains(x.Name)).ToList();
        if (ownGates.Count > 0)
            blocks.Add(new MarkdownBlock("## Gate\n\n" + string.Concat(ownGates.Select(x =>
                "- " + Link($"{x.Name} against the checkpoint before it: {GateVerdict(x.Markdown)}", SiteLinks.Relative(file, GatePath + ".md") + "#"
                    + Markdig.Helpers.LinkHelper.UrilizeAsGfm(x.Name)) + "\n"))));

        if (f.Settings.Count > 0)
        {
            blocks.Add(new MarkdownBlock("## Settings\n"));
            blocks.Add(new TableBlock(["Setting", "Value"],
                f.Settings.Select(kv => (IReadOnlyList<Cell>)[new Cell(Code(kv.Key)), new Cell(Escape(kv.Value))]).ToList()));
        }

        blocks.Add(new MarkdownBlock("## Contamination\n\n" + (f.ContaminationMarkdown is { } md
            ? NestUnder(md, 2)
            : "No `contamination.md` beside `training.json`: this family's training data was not checked against the held-out suites.\n")));
        return new Page(path, $"Training: {f.Family}", blocks);
    }

    // The family's checkpoints on one suite version against the runs without a model (reference, retrieval, empty), as a
    // line per backend (llamacpp: and onnx: of the same weights should coincide) and as a table of every headline metric.
    private static IEnumerable<Block> Evaluation(TrainingFamily f, SuiteGroup g, string file)
    {
        var own = g.Runs.Where(r => r.Facts.Family == f.Family && r.Facts.Step is not null && SuiteGroup.MetricOf(r.Run, g.Primary) is not null)
            .OrderBy(r => r.Facts.Step).ThenBy(r => r.Facts.Backend, StringComparer.Ordinal).ThenBy(r => r.Run.Id, StringComparer.Ordinal).ToList();
        if (own.Count == 0) yield break;
        var baselines = g.Runs.Where(r => r.Facts.Family is null && SuiteGroup.MetricOf(r.Run, g.Primary) is not null).ToList();
        yield return new MarkdownBlock($"## Checkpoints on suite {Escape(g.Key)}\n\n" +
            $"Ranked by {Code(g.Primary)} on the " + Link("leaderboard", SiteLinks.Relative(file, "index.md"))
                + "; the runs without a model are drawn flat for comparison. Click a point for its run.\n");
        double first = own.Min(r => r.Facts.Step!.Value), last = own.Max(r => r.Facts.Step!.Value);
        List<LineSeries> Series(string from) =>
        [
            .. own.GroupBy(r => r.Facts.Backend, StringComparer.Ordinal).OrderBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => new LineSeries($"{f.Family} ({b.Key})",
                b.Select(r => new LinePoint(r.Facts.Step!.Value, SuiteGroup.MetricOf(r.Run, g.Primary)!.Mean, r.Name,
                    SiteLinks.Relative(from, r.PagePath + ".html"))).ToList())),
            .. baselines.Select(r => new LineSeries(r.Name,
                [new LinePoint(first, SuiteGroup.MetricOf(r.Run, g.Primary)!.Mean), new LinePoint(last, SuiteGroup.MetricOf(r.Run, g.Primary)!.Mean)],
                Markers: false)),
        ];
        var chart = $"charts/training-{SiteLinks.Slug(f.Family)}-{g.Slug}-checkpoints.svg";
        LineChartSpec Spec(string from) => new($"{f.Family}: {g.Primary} across checkpoints", "training step", g.Primary, Series(from));
        yield return new FigureRow([Figure.Chart(chart, $"{g.Primary} of each {f.Family} checkpoint on {g.Key}, baselines flat",
            (id, png) => SiteCharts.Lines(Spec(file), id, png), (id, png) => SiteCharts.Lines(Spec(chart), id, png))]);
        yield return new TableBlock(["Run", "Step", "Backend", .. g.Metrics],
            own.Concat(baselines).Select(r => (IReadOnlyList<Cell>)
            [
                new Cell(Link(r.Name, SiteLinks.Relative(file, r.PagePath + ".md")), r.Name),
                new Cell(r.Facts.Step is { } step ? step.ToString(CultureInfo.InvariantCulture) : "—", r.Facts.Step is { } k ? Key(k) : ""),
                new Cell(Escape(r.Facts.Backend)),
                .. g.Metrics.Select(m => SuiteGroup.MetricOf(r.Run, m) is { } x ? new Cell(LeaderboardPage.MetricCell(x), Key(x.Mean)) : new Cell("—", "")),
            ]).ToList(), true, "evaluation-" + g.Slug, [false, true, false, .. g.Metrics.Select(_ => true)]);
    }

    // The gate summary's verdict as its first heading states it ("## PatchBench gate: passed" gives "passed"), else "summary".
    private static string GateVerdict(string markdown)
    {
        if (Markdig.Markdown.Parse(markdown).Descendants<HeadingBlock>().FirstOrDefault() is not { Inline: { } inline }) return "summary";
        var text = string.Concat(inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString())).Trim();
        return text[(text.LastIndexOf(": ", StringComparison.Ordinal) is var at and >= 0 ? at + 2 : 0)..];
    }

    /// <summary>The page of gate summaries, one section per file.</summary>
    public static Page Gate(IReadOnlyList<GateSummary> gates)
    {
        var blocks = new List<Block>
        {
            new MarkdownBlock("# CI gate summaries\n\n" + Link("Leaderboard", "index.md") + "\n\n" +
                "The Markdown summaries `patchbench gate --baseline RUN --candidate RUN` wrote into `results/gate/`, as they are.\n"),
        };
        foreach (var g in gates)
            blocks.Add(new MarkdownBlock("## " + Escape(g.Name) + "\n\n" + NestUnder(g.Markdown, 2)));
        return new Page(GatePath, "Gate", blocks);
    }

    /// <summary>
    /// <paramref name="markdown"/> moved under a heading of <paramref name="level"/>: its highest ATX heading becomes level
    /// <paramref name="level"/> + 1 and the others keep their distance to it (a summary starting at "##" and a report
    /// starting at "#" both nest as "###").
    /// </summary>
    public static string NestUnder(string markdown, int level)
    {
        var levels = Markdig.Markdown.Parse(markdown).Descendants<HeadingBlock>().Where(h => !h.IsSetext).Select(h => h.Level).DefaultIfEmpty(level + 1).Min();
        return DemoteHeadings(markdown, Math.Max(0, level + 1 - levels));
    }

    /// <summary>
    /// <paramref name="markdown"/> with every ATX heading (<c># …</c>) moved <paramref name="levels"/> levels down (never past
    /// level 6), found by Markdig so '#' lines inside code blocks stay as they are.
    /// </summary>
    public static string DemoteHeadings(string markdown, int levels)
    {
        var doc = Markdig.Markdown.Parse(markdown);
        var text = new StringBuilder(markdown);
        foreach (var h in doc.Descendants<HeadingBlock>().Where(h => !h.IsSetext).OrderByDescending(h => h.Span.Start))
        {
            var at = h.Span.Start;
            while (at < markdown.Length && markdown[at] != '#') at++;
            var add = Math.Min(levels, 6 - h.Level);
            if (add > 0 && at < markdown.Length) text.Insert(at, new string('#', add));
        }
        var result = text.ToString();
        return result.EndsWith('\n') ? result : result + "\n";
    }
}
