using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PatchBench.Harness.Records;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Runs;

/// <summary>Which part of a suite to run: samples per item, an item subset and a shard.</summary>
/// <param name="Samples">Samples per item (≥ 1).</param>
/// <param name="Limit">Take a seeded random subset of this many items (not the first N).</param>
/// <param name="Seed">Seed of the subset (and of bootstrap intervals).</param>
/// <param name="Items">Run only these item ids.</param>
/// <param name="Shard">Run only this shard of the selected items.</param>
public sealed record RunPlanOptions(int Samples = 1, int? Limit = null, int Seed = 0, IReadOnlyList<string>? Items = null, Shard? Shard = null);

/// <summary>Shard <see cref="Index"/> (1-based) of <see cref="Count"/>.</summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses "I/N" with 1 ≤ I ≤ N.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n >= 1 && i >= 1 && i <= n)
            return new Shard(i, n);
        throw new HarnessInputException($"--shard '{text}': expected I/N with 1 ≤ I ≤ N, e.g. 1/4");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>One unit of work: one sample of one item.</summary>
public sealed record WorkUnit(BenchItem Item, int SampleIndex);

/// <summary>The resolved plan of a run of one system: the selected items and the units to do.</summary>
public sealed class RunPlan
{
    private RunPlan(BenchSuite suite, RunPlanOptions options, IReadOnlyList<BenchItem> items, string planHash)
    {
        Suite = suite;
        Options = options;
        Items = items;
        PlanHash = planHash;
    }

    /// <summary>The suite.</summary>
    public BenchSuite Suite { get; }
    /// <summary>The options.</summary>
    public RunPlanOptions Options { get; }
    /// <summary>The items of this run (after subset and shard), in suite order.</summary>
    public IReadOnlyList<BenchItem> Items { get; }
    /// <summary>Hash of suite, samples, limit, seed and item filter (not the shard).</summary>
    public string PlanHash { get; }

    /// <summary>Every (item, sample) of the run, item by item.</summary>
    public IEnumerable<WorkUnit> Units => Items.SelectMany(i => Enumerable.Range(0, Options.Samples).Select(s => new WorkUnit(i, s)));

    /// <summary>
    /// Resolves the plan: <c>--items</c> keeps the named items (unknown ids are an error); <c>--limit N</c> keeps N items
    /// drawn by a seeded shuffle (Fisher–Yates over the suite order) and lists them in suite order; <c>--shard I/N</c>
    /// keeps every N-th of the selected items starting at the I-th, so the N shards partition the selection.
    /// </summary>
    public static RunPlan Create(BenchSuite suite, RunPlanOptions options)
    {
        if (options.Samples < 1) throw new HarnessInputException($"--samples must be at least 1, got {options.Samples}");
        IReadOnlyList<BenchItem> selected = suite.Items;
        if (options.Items is { Count: > 0 } ids)
        {
            var known = suite.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var unknown = ids.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0) throw new HarnessInputException(
                $"--items: no item {string.Join(", ", unknown.Select(u => $"'{u}'"))} in suite '{suite.Name}'");
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(i => wanted.Contains(i.Id)).ToList();
        }
        if (options.Limit is { } limit)
        {
            if (limit < 1) throw new HarnessInputException($"--limit must be at least 1, got {limit}");
            if (limit < selected.Count)
            {
                var order = Enumerable.Range(0, selected.Count).ToArray();
                var random = new Random(options.Seed);
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                var keep = order.Take(limit).ToHashSet();
                selected = selected.Where((_, index) => keep.Contains(index)).ToList();
            }
        }
        if (options.Shard is { } shard)
            selected = selected.Where((_, index) => index % shard.Count == shard.Index - 1).ToList();
        if (selected.Count == 0) throw new HarnessInputException($"the plan selects no items of suite '{suite.Name}'");

        var planText = new StringBuilder()
            .Append("suite=").Append(suite.Hash)
            .Append(";samples=").Append(options.Samples)
            .Append(";limit=").Append(options.Limit?.ToString(CultureInfo.InvariantCulture) ?? "-")
            .Append(";seed=").Append(options.Seed)
            .Append(";items=").Append(options.Items is { Count: > 0 } ? string.Join(',', options.Items.Order(StringComparer.Ordinal)) : "-");
        return new RunPlan(suite, options, selected, Sha256(planText.ToString()));
    }

    /// <summary>
    /// The run folder name: suite name, system slug, 10 hex digits of hash(suite hash, spec, model hash, plan hash), and the
    /// shard. Rerunning the same command yields the same id, so it resumes in the same folder.
    /// </summary>
    public string RunId(SystemSpec spec, string? modelFileHash, bool sharded = true)
    {
        var identity = Sha256($"{Suite.Hash}|{spec.Canonical}|{modelFileHash ?? "-"}|{PlanHash}")[..10];
        var id = $"{Safe(Suite.Name)}-{spec.Slug}-{identity}";
        return sharded && Options.Shard is { } s ? $"{id}-shard{s.Index}of{s.Count}" : id;
    }

    /// <summary>The plan part of run.json.</summary>
    public PlanIdentity Identity() => new(
        Options.Samples, Options.Limit, Options.Seed,
        Options.Items is { Count: > 0 } ? Options.Items.ToList() : null,
        Options.Shard?.ToString(), PlanHash, Items.Select(i => i.Id).ToList());

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
}
