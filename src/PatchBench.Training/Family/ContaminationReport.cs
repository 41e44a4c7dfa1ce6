using System.Globalization;
using System.Text;
using PatchBench.Harness.Suites;

namespace PatchBench.Training.Family;

/// <summary>The held-out suite checked against the exact training set, with the harness's n-gram contamination measure.</summary>
/// <param name="Flagged">Items flagged as likely leaks.</param>
/// <param name="Summary">One line: items, rows, n, threshold, maxima.</param>
/// <param name="Markdown">The report written beside the checkpoints and shown on the site.</param>
public sealed record ContaminationReport(int Flagged, string Summary, string Markdown)
{
    /// <summary>0-based rows of the training set that a flagged item matched (prompt or patch): the rows to drop.</summary>
    public IReadOnlyList<int> LeakingRows { get; init; } = [];

    /// <summary>Notes added to the report (e.g. which training documents were dropped before this check).</summary>
    public static string Dropped(IEnumerable<string> sources) =>
        string.Join("", sources.Select(s => $"- dropped from the training set (a held-out item overlapped it): `{s}`\n"));

    /// <summary>N-gram length and flag threshold: the defaults of <c>patchbench suite contamination</c>.</summary>
    public const int N = 8;

    /// <inheritdoc cref="N"/>
    public const double Threshold = 0.8;

    /// <summary>Checks <paramref name="heldOut"/> against the JSON-lines training set at <paramref name="trainingSet"/>.</summary>
    public static ContaminationReport Check(Suite heldOut, string trainingSet, string? preamble = null)
    {
        var rows = PromptPatchTable.Read(trainingSet).Select(r => (r, trainingSet)).ToList();
        var results = Contamination.Measure(heldOut.Items, rows, N, Threshold);
        var flagged = results.Count(r => r.Flagged);
        double maxPrompt = results.Select(r => r.PromptOverlap).DefaultIfEmpty().Max(), maxPatch = results.Select(r => r.PatchOverlap).DefaultIfEmpty().Max();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"contamination: {heldOut.Manifest.Name} ({results.Count} items) vs {rows.Count} training rows, n={N}: {flagged} flagged at ≥ {Threshold:0.##}; " +
                $"max prompt overlap {maxPrompt:0.00}, max patch overlap {maxPatch:0.00}");
        var md = new StringBuilder();
        md.AppendLine($"# Contamination check: {heldOut.Manifest.Name} against the training set").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out suite `{heldOut.Manifest.Name}` {heldOut.Manifest.Version} (hash " +
                $"`{heldOut.ContentHash[..Math.Min(12, heldOut.ContentHash.Length)]}`), {results.Count} items, against the exact training set " +
                $"`{trainingSet}` ({rows.Count} rows). ")
            + $"Same measure as `patchbench suite contamination {heldOut.Directory} --train {trainingSet}`: share of an item's {N}-grams (prompt words; " +
                $"patch Pd tokens without coordinates) found in the closest training row; ≥ {Threshold:0.##} flags a likely leak.").AppendLine();
        if (!string.IsNullOrEmpty(preamble)) md.AppendLine(preamble);
        md.AppendLine(flagged == 0 ? $"**Clean: no item flagged.** {summary}" : $"**{flagged} item(s) flagged: training refused.** {summary}").AppendLine();
        md.AppendLine("| item | prompt overlap | patch overlap | flagged |").AppendLine("| --- | ---: | ---: | --- |");
        foreach (var r in results.OrderByDescending(r => Math.Max(r.PromptOverlap, r.PatchOverlap)).Take(15))
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.ItemId} | {r.PromptOverlap:0.00} | {r.PatchOverlap:0.00} | {(r.Flagged ? "yes" : "no")} |"));
        md.AppendLine().AppendLine($"(The {Math.Min(15, results.Count)} items of highest overlap; the rest overlap less.)");
        int Row(string? where) => where is null ? -1 : int.Parse(where[(where.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture) - 1;
        var leaking = results.Where(r => r.Flagged)
            .SelectMany(r => new[] { r.PromptOverlap >= Threshold ? Row(r.PromptMatch) : -1, r.PatchOverlap >= Threshold ? Row(r.PatchMatch) : -1 })
            .Where(i => i >= 0).Distinct().Order().ToArray();
        return new ContaminationReport(flagged, summary, md.ToString()) { LeakingRows = leaking };
    }
}
