using System.Globalization;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Site.Html;
using PatchBench.Site.Results;

namespace PatchBench.Site.Pages;

/// <summary>A run as it appears in a leaderboard: its facts, display name and rank.</summary>
/// <param name="Run">The run.</param>
/// <param name="Facts">Model, size, backend, hardware…</param>
/// <param name="Name">Display name (the system spec; the run id is added when two runs share a spec).</param>
/// <param name="Rank">Competition rank by the primary metric; tied runs share the rank of their group's first.</param>
/// <param name="Tied">True when the rank is shared (shown as <c>=N</c>).</param>
public sealed record RankedRun(LoadedRun Run, SystemFacts Facts, string Name, int Rank, bool Tied)
{
    /// <summary>Site path of the run page (without extension).</summary>
    public string PagePath => "runs/" + SiteLinks.Slug(Run.Id);

    /// <summary>The rank as shown: <c>1</c>, or <c>=2</c> for a tie.</summary>
    public string RankText => (Tied ? "=" : "") + Rank.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Everything of one suite version: its runs ranked, its items with their references, and which metrics to show.</summary>
/// <param name="Key">Suite name and version.</param>
/// <param name="Slug">Folder-safe key.</param>
/// <param name="Hash">Suite content hash(es) of the runs.</param>
/// <param name="Runs">Runs, best first.</param>
/// <param name="Metrics">Headline metrics present in some run, in headline order.</param>
/// <param name="Primary">The metric ranks are by (functional_pass when present, else similarity, else the first).</param>
/// <param name="Items">Item ids present in some run, ordinal order.</param>
/// <param name="References">Item id → reference patch text, from the runs' items.jsonl (or a reference run's output).</param>
/// <param name="Prompts">Item id → the item's prompt, from the runs' items.jsonl.</param>
public sealed record SuiteGroup(string Key, string Slug, string Hash, IReadOnlyList<RankedRun> Runs, IReadOnlyList<string> Metrics, string Primary,
    IReadOnlyList<string> Items, IReadOnlyDictionary<string, string> References, IReadOnlyDictionary<string, string> Prompts)
{
    /// <summary>Site path of the items index.</summary>
    public string ItemsIndexPath => $"items/{Slug}/index";

    /// <summary>Site path of an item page.</summary>
    public string ItemPath(string itemId) => $"items/{Slug}/{SiteLinks.Slug(itemId)}";

    /// <summary>Groups runs by suite version and ranks them.</summary>
    public static IReadOnlyList<SuiteGroup> Build(SiteInput input)
    {
        var groups = new List<SuiteGroup>();
        foreach (var (key, slug, planRuns) in ByItemSet(input.Runs))
        {
            var runs = planRuns;
            var present = runs.SelectMany(r => r.Info.Aggregates?.Overall.Metrics.Select(m => m.Name) ?? []).ToHashSet(StringComparer.Ordinal);
            var metrics = HeadlineMetrics.Order.Where(present.Contains).ToList();
            var primary = metrics.Contains(HeadlineMetrics.FunctionalPass) ? HeadlineMetrics.FunctionalPass
                : metrics.Contains(HeadlineMetrics.Similarity) ? HeadlineMetrics.Similarity
                : metrics.FirstOrDefault() ?? HeadlineMetrics.FunctionalPass;
            var facts = runs.ToDictionary(r => r.Id, r => SystemFacts.Of(r.Info), StringComparer.Ordinal);
            var shortNames = runs.ToDictionary(r => r.Id, ShortName, StringComparer.Ordinal);
            var nameCounts = shortNames.Values.GroupBy(n => n).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
            string NameOf(LoadedRun r) => nameCounts[shortNames[r.Id]] > 1 ? $"{shortNames[r.Id]} ({r.Id})" : shortNames[r.Id];
            var ranked = Rank(runs, primary).Select(x => new RankedRun(x.Run, facts[x.Run.Id], NameOf(x.Run), x.Rank, x.Tied)).ToList();
            var items = runs.SelectMany(r => r.Samples.Select(s => s.ItemId)).Distinct().Order(StringComparer.Ordinal).ToList();
            var (references, prompts) = SuiteTexts(runs);
            var hash = string.Join(", ", runs.Select(r => r.Info.Suite.Hash).Distinct().Order(StringComparer.Ordinal));
            groups.Add(new SuiteGroup(key, slug, hash, ranked, metrics, primary, items, references, prompts));
        }
        return groups;
    }

    /// <summary>
    /// Runs are ranked together only when they scored the same items: within a suite version, runs are split by
    /// their plan's item set. The set with the most items (then the most runs) keeps the plain key and slug
    /// (<c>core 1.1.0</c>, <c>core-1.1.0</c>); every other set is its own leaderboard, named by its size and
    /// selection (<c>core 1.1.0 · 2 items (limit 2, seed 1)</c>) with a slug suffix from the set's hash.
    /// </summary>
    internal static IEnumerable<(string Key, string Slug, List<LoadedRun> Runs)> ByItemSet(IEnumerable<LoadedRun> runs)
    {
        foreach (var suite in runs.GroupBy(r => r.SuiteKey).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sets = suite.GroupBy(ItemSetOf, StringComparer.Ordinal)
                .Select(g => (Set: g.Key, Runs: g.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()))
                .OrderByDescending(x => x.Runs[0].Info.Plan.ItemIds.Count).ThenByDescending(x => x.Runs.Count).ThenBy(x => x.Set, StringComparer.Ordinal)
                .ToList();
            var baseSlug = SiteLinks.Slug(suite.Key.Replace(' ', '-'));
            for (var i = 0; i < sets.Count; i++)
            {
                if (i == 0) { yield return (suite.Key, baseSlug, sets[i].Runs); continue; }
                var plan = sets[i].Runs[0].Info.Plan;
                var how = plan.ItemFilter is { Count: > 0 } ? "chosen items" : plan.Limit is { } limit ? $"limit {limit}, seed {plan.Seed}" : "subset";
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sets[i].Set)))[..6];
                yield return ($"{suite.Key} · {plan.ItemIds.Count} items ({how})", $"{baseSlug}-n{plan.ItemIds.Count}-{hash}", sets[i].Runs);
            }
        }
    }

    // Shards of one plan list only their own items; the plan hash without the shard names the whole plan.
    private static string ItemSetOf(LoadedRun run) =>
        run.Info.Plan.Shard == null ? string.Join('\n', run.Info.Plan.ItemIds.Order(StringComparer.Ordinal)) : "plan:" + run.Info.Plan.PlanHash;

    /// <summary>
    /// Ranks by the primary metric's mean (best first; similarity, then run id, order equal means without changing ranks). A run whose 95% interval
    /// overlaps the interval of its tie group's first run joins that group and shares its rank; runs without the metric come last.
    /// </summary>
    public static IReadOnlyList<(LoadedRun Run, int Rank, bool Tied)> Rank(IReadOnlyList<LoadedRun> runs, string metric)
    {
        var withMetric = runs.Select(r => (Run: r, M: MetricOf(r, metric))).ToList();
        bool higher = withMetric.FirstOrDefault(x => x.M is not null).M?.HigherIsBetter ?? true;
        var ordered = withMetric
            .OrderBy(x => x.M is null ? 1 : 0)
            .ThenBy(x => x.M is null ? 0 : (higher ? -x.M.Mean : x.M.Mean))
            .ThenByDescending(x => metric == HeadlineMetrics.Similarity ? 0 : MetricOf(x.Run, HeadlineMetrics.Similarity)?.Mean ?? double.NegativeInfinity)
            .ThenBy(x => x.Run.Id, StringComparer.Ordinal)
            .ToList();
        var result = new List<(LoadedRun, int, bool)>();
        int groupStart = 0;
        var groupSizes = new List<(int Start, int Count)>();
        for (int i = 0; i < ordered.Count; i++)
        {
            var lead = ordered[groupStart].M;
            var cur = ordered[i].M;
            bool joins = i > groupStart && lead is not null && cur is not null && cur.CiHigh >= lead.CiLow && cur.CiLow <= lead.CiHigh;
            bool bothMissing = i > groupStart && lead is null && cur is null;
            if (i > groupStart && !joins && !bothMissing)
            {
                groupSizes.Add((groupStart, i - groupStart));
                groupStart = i;
            }
        }
        if (ordered.Count > 0) groupSizes.Add((groupStart, ordered.Count - groupStart));
        foreach (var (start, count) in groupSizes)
            for (int i = start; i < start + count; i++) result.Add((ordered[i].Run, start + 1, count > 1));
        return result;
    }

    /// <summary>
    /// A system's short name: the spec without its backend and folders (<c>llamacpp:models/x.gguf,temperature=0.2</c> →
    /// <c>x temperature=0.2</c>); template and few-shot k have columns of their own. Full specs are on the run pages.
    /// </summary>
    public static string ShortName(LoadedRun run)
    {
        var system = run.Info.System;
        if (SystemFacts.ModelPath(system) is not { } path) return system.Spec;
        var name = path.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)) name = name[..^5];
        var options = system.Options.Where(o => o.Key is not ("template" or "fewshot")).Select(o => $"{o.Key}={o.Value}");
        return string.Join(' ', new[] { name }.Concat(options));
    }

    /// <summary>A run's overall summary of <paramref name="metric"/>, or null.</summary>
    public static MetricSummary? MetricOf(LoadedRun run, string metric) =>
        run.Info.Aggregates?.Overall.Metrics.FirstOrDefault(m => m.Name == metric);

    private static (IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>) SuiteTexts(IReadOnlyList<LoadedRun> runs)
    {
        var references = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var prompts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in runs.OrderBy(r => r.Id, StringComparer.Ordinal))
            foreach (var item in run.Items)
            {
                references.TryAdd(item.Id, item.Reference);
                prompts.TryAdd(item.Id, item.Prompt);
            }
        // Runs that predate items.jsonl: the reference system's output is the reference.
        foreach (var run in runs.Where(r => r.Info.System.Backend == "reference").OrderBy(r => r.Id, StringComparer.Ordinal))
            foreach (var s in run.Samples.Where(s => s.SampleIndex == 0))
                references.TryAdd(s.ItemId, s.Patch);
        return (references, prompts);
    }
}
