using System.Text;
using PatchBench.Harness.Records;
using PatchBench.Pd.Catalog;
using PatchBench.Site.Html;
using PatchBench.Site.Pages;
using PatchBench.Site.Results;

namespace PatchBench.Site;

/// <summary>What a site build did.</summary>
/// <param name="Pages">Pages written (each as .md and .html).</param>
/// <param name="Files">Files written in all.</param>
/// <param name="Runs">Runs shown.</param>
/// <param name="Warnings">Problems met in the results (already worked around).</param>
public sealed record SiteBuildResult(int Pages, int Files, int Runs, IReadOnlyList<SiteWarning> Warnings);

/// <summary>
/// Builds the static site from a results folder: every page as Markdown and HTML, charts and drawings as .svg files,
/// the raw run files copied, one stylesheet and one sort script. Deterministic: the same results give the same bytes
/// (everything sorted, invariant culture, no build time written).
/// </summary>
public static class SiteBuilder
{
    /// <summary>Loads <paramref name="resultsDirectory"/> and writes the site into <paramref name="outDirectory"/>.</summary>
    /// <param name="resultsDirectory">The results folder.</param>
    /// <param name="outDirectory">The site folder (created; files the build writes are replaced, others are removed).</param>
    public static SiteBuildResult Build(string resultsDirectory, string outDirectory) => Write(ResultsLoader.Load(resultsDirectory), outDirectory);

    /// <summary>Writes the site for already loaded <paramref name="input"/>: the results are all it reads.</summary>
    public static SiteBuildResult Write(SiteInput input, string outDirectory)
    {
        var catalog = ObjectCatalog.Vanilla;
        var groups = SuiteGroup.Build(input);
        // Training and gate pages exist only when their folders do; the index links them.
        var extra = input.Training.Select(f => (Text: $"Training: {f.Family} (loss curve, checkpoints, contamination)", Path: TrainingPages.FamilyPath(f)
            + ".md")).ToList();
        if (input.Gates.Count > 0) extra.Add(($"CI gate summaries ({input.Gates.Count})", TrainingPages.GatePath + ".md"));
        var pages = new List<Page> { LeaderboardPage.Build(groups, input.Throughput.Count, catalog, extra), ThroughputPage.Build(input.Throughput) };
        pages.AddRange(input.Training.Select(f => TrainingPages.Family(f, groups, input.Gates)));
        if (input.Gates.Count > 0) pages.Add(TrainingPages.Gate(input.Gates));
        foreach (var g in groups)
        {
            pages.AddRange(g.Runs.Select(r => RunPage.Build(g, r)));
            pages.Add(ItemPages.Index(g));
            var ids = g.Items;
            for (int i = 0; i < ids.Count; i++)
                pages.Add(ItemPages.Item(g, ids[i], i > 0 ? ids[i - 1] : null, i + 1 < ids.Count ? ids[i + 1] : null, catalog));
        }

        // The header links every page: the fixed ones, then each trained family and the gate summaries when there are any.
        var navigation = HtmlPageWriter.Navigation
            .Concat(input.Training.Select(f => ($"Training: {f.Family}", TrainingPages.FamilyPath(f) + ".md")))
            .Concat(input.Gates.Count > 0 ? [("Gate", TrainingPages.GatePath + ".md")] : Array.Empty<(string, string)>())
            .ToList();
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["style.css"] = Utf8(SiteAssets.Stylesheet),
            ["sort.js"] = Utf8(SiteAssets.SortScript),
        };
        foreach (var page in pages)
        {
            files[page.Path + ".md"] = Utf8(MarkdownPageWriter.Write(page));
            files[page.Path + ".html"] = Utf8(HtmlPageWriter.Write(page, navigation));
            foreach (var f in page.Blocks.OfType<FigureRow>().SelectMany(r => r.Figures))
            {
                files[f.File] = Utf8((f.FileSvg ?? f.Svg).TrimEnd() + "\n");
                if (f.Png is not null) files[Path.ChangeExtension(f.File, ".png")] = f.Png;
            }
        }
        foreach (var g in groups)
            foreach (var r in g.Runs)
                foreach (var name in new[] { "run.json", SamplesFile.FileName })
                {
                    var source = Path.Combine(r.Run.Folder, name);
                    if (File.Exists(source)) files[RunPage.RawPath(r, name)] = File.ReadAllBytes(source);
                }

        var full = Path.GetFullPath(outDirectory);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()
            && !(File.Exists(Path.Combine(full, "index.html")) && File.Exists(Path.Combine(full, "style.css"))))
            throw new IOException($"{outDirectory}: the folder is not empty and holds no earlier site (no index.html and style.css); choose an empty or new " +
                $"folder");
        Directory.CreateDirectory(full);
        // Remove what an earlier build wrote but this one does not, so the folder is exactly this build.
        foreach (var old in Directory.GetFiles(full, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(full, old).Replace('\\', '/');
            if (!files.ContainsKey(rel)) File.Delete(old);
        }
        foreach (var (rel, bytes) in files)
        {
            var path = Path.Combine(full, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) continue;
            File.WriteAllBytes(path, bytes);
        }
        foreach (var dir in Directory.GetDirectories(full, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        return new SiteBuildResult(pages.Count, files.Count, input.Runs.Count, input.Warnings);
    }

    private static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);
}
