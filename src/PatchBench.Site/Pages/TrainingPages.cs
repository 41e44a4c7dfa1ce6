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

    /// <summary>The family's page.</summary>
    public static Page Family(TrainingFamily f)
    {
        var path = FamilyPath(f);
        var file = path + ".md";
        var intro = new StringBuilder();
        intro.Append("# Training: ").Append(Escape(f.Family)).Append("\n\n")
             .Append(Link("Leaderboard", SiteLinks.Relative(file, "index.md"))).Append("\n\n")
             .Append(string.Create(CultureInfo.InvariantCulture, $"{f.Steps} steps, {f.Checkpoints.Count} checkpoint{(f.Checkpoints.Count == 1 ? "" : "s")}"));
        if (double.IsFinite(f.TokensPerSecond)) intro.Append(", ").Append(Fixed(f.TokensPerSecond, 0)).Append(" training tokens/s");
        if (double.IsFinite(f.WallSeconds)) intro.Append(", ").Append(Fixed(f.WallSeconds / 60, 1)).Append(" min wall time");
        intro.Append(". From `training.json` in `results/training/").Append(Escape(Path.GetFileName(path))).Append("/`.\n");
        var blocks = new List<Block> { new MarkdownBlock(intro.ToString()) };

        var curve = f.LossCurve.Select(p => new LinePoint(p.Step, p.Loss)).ToList();
        var marks = f.Checkpoints.Where(c => double.IsFinite(c.Loss)).Select(c => new LinePoint(c.Step, c.Loss, c.Name)).ToList();
        if (curve.Count > 0 || marks.Count > 0)
        {
            var series = new List<LineSeries>();
            if (curve.Count > 0) series.Add(new LineSeries("training loss", curve, Markers: curve.Count <= 40));
            if (marks.Count > 0) series.Add(new LineSeries("checkpoints", marks));
            blocks.Add(new FigureRow([Figure.Chart($"charts/training-{SiteLinks.Slug(f.Family)}-loss.svg", $"{f.Family}: training loss per step, checkpoints marked",
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

        if (f.Settings.Count > 0)
        {
            blocks.Add(new MarkdownBlock("## Settings\n"));
            blocks.Add(new TableBlock(["Setting", "Value"], f.Settings.Select(kv => (IReadOnlyList<Cell>)[new Cell(Code(kv.Key)), new Cell(Escape(kv.Value))]).ToList()));
        }

        blocks.Add(new MarkdownBlock("## Contamination\n\n" + (f.ContaminationMarkdown is { } md
            ? DemoteHeadings(md, 2)
            : "No `contamination.md` beside `training.json`: this family's training data was not checked against the held-out suites.\n")));
        return new Page(path, $"Training: {f.Family}", blocks);
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
            blocks.Add(new MarkdownBlock("## " + Escape(g.Name) + "\n\n" + DemoteHeadings(g.Markdown, 2)));
        return new Page(GatePath, "Gate", blocks);
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
