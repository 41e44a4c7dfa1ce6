using PatchBench.Harness.Records;

namespace PatchBench.Harness.Runs;

/// <summary>
/// Joins the shard folders of one plan (<c>--shard 1/N</c> … <c>N/N</c>) into one run folder, refusing shards of
/// different suites, systems, models or plans, a missing or repeated shard, and samples present twice.
/// </summary>
public static class RunMerger
{
    /// <summary>Merges <paramref name="shardDirectories"/> into <c>resultsDirectory/&lt;run-id&gt;</c>; returns the merged folder.</summary>
    public static RunFolder Merge(IReadOnlyList<string> shardDirectories, string resultsDirectory, RunExecutor summariser)
    {
        if (shardDirectories.Count == 0) throw new HarnessInputException("merge: no shard folders given");
        var shards = shardDirectories.Select(d => (Folder: new RunFolder(d), Info: new RunFolder(d).ReadInfo())).ToList();
        var first = shards[0].Info;
        foreach (var (folder, info) in shards.Skip(1))
        {
            void Refuse(string what, string a, string b) =>
                throw new HarnessInputException($"merge: {folder.Directory} is of a different {what} than {shards[0].Folder.Directory} ({b} vs {a})");
            if (info.Suite.Hash != first.Suite.Hash) Refuse("suite", first.Suite.Hash[..12], info.Suite.Hash[..12]);
            if (info.System.SpecHash != first.System.SpecHash) Refuse("system", first.System.Spec, info.System.Spec);
            if (info.System.ModelFileHash != first.System.ModelFileHash) Refuse("model file", first.System.ModelFileHash ?? "-", info.System.ModelFileHash ?? "-");
            if (info.Plan.PlanHash != first.Plan.PlanHash) Refuse("plan (samples, limit, seed or items)", first.Plan.PlanHash[..12], info.Plan.PlanHash[..12]);
        }
        var parsed = shards.Select(s => s.Info.Plan.Shard is { } text ? Shard.Parse(text) : throw new HarnessInputException($"merge: {s.Folder.Directory} is not a shard (run without --shard)")).ToList();
        var count = parsed[0].Count;
        if (parsed.Any(p => p.Count != count)) throw new HarnessInputException($"merge: shards split the suite differently ({string.Join(", ", parsed.Distinct())})");
        var repeated = parsed.GroupBy(p => p.Index).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0) throw new HarnessInputException($"merge: shard {string.Join(", ", repeated.Select(r => $"{r}/{count}"))} given twice");
        var missing = Enumerable.Range(1, count).Except(parsed.Select(p => p.Index)).ToList();
        if (missing.Count > 0) throw new HarnessInputException($"merge: shard {string.Join(", ", missing.Select(m => $"{m}/{count}"))} missing");
        var incomplete = shards.Where(s => s.Info.Status != "complete").Select(s => $"{s.Folder.Directory} ({s.Info.Status})").ToList();
        if (incomplete.Count > 0) throw new HarnessInputException($"merge: unfinished shard(s): {string.Join(", ", incomplete)}; rerun their commands first");

        var ordered = shards.Zip(parsed).OrderBy(x => x.Second.Index).Select(x => x.First).ToList();
        // Shards take every N-th item, so interleaving their item lists restores suite order.
        var itemIds = new List<string>();
        for (var i = 0; ordered.Any(s => i < s.Info.Plan.ItemIds.Count); i++)
            foreach (var s in ordered) if (i < s.Info.Plan.ItemIds.Count) itemIds.Add(s.Info.Plan.ItemIds[i]);

        var records = new List<SampleRecord>();
        var seen = new HashSet<(string, int)>();
        foreach (var s in ordered)
        {
            var shardRecords = s.Folder.ReadSamples();
            foreach (var r in shardRecords)
                if (!seen.Add((r.ItemId, r.SampleIndex))) throw new HarnessInputException($"merge: sample {r.ItemId}#{r.SampleIndex} appears in more than one shard");
            records.AddRange(shardRecords);
        }

        var shardSuffix = $"-shard{parsed[0].Index}of{count}";
        var runId = first.RunId.EndsWith(shardSuffix, StringComparison.Ordinal) ? first.RunId[..^shardSuffix.Length] : first.RunId + "-merged";
        var merged = new RunFolder(Path.Combine(resultsDirectory, runId));
        if (merged.Exists) throw new HarnessInputException($"merge: {merged.Directory} exists already; remove it to merge again");
        Directory.CreateDirectory(merged.Directory);
        SamplesFile.Rewrite(merged.SamplesPath, records);
        var items = ordered.SelectMany(s => s.Folder.ReadItems()).DistinctBy(i => i.Id).ToDictionary(i => i.Id, StringComparer.Ordinal);
        merged.WriteItems(itemIds.Where(items.ContainsKey).Select(id => items[id]));
        var mergedInfo = first with
        {
            RunId = runId,
            Plan = first.Plan with { Shard = null, ItemIds = itemIds },
            StartedAt = shards.Min(s => s.Info.StartedAt),
            Metrics = shards.SelectMany(s => s.Info.Metrics).DistinctBy(m => m.Name).ToList(),
        };
        var summarised = summariser.Summarise(merged, mergedInfo, itemIds.Count * first.Plan.Samples, first.Aggregates?.BootstrapResamples ?? Statistics.Bootstrap.DefaultResamples, first.Plan.Seed);
        // The merged run finished when its last shard did, not now.
        merged.WriteInfo(summarised with { FinishedAt = shards.Max(s => s.Info.FinishedAt) });
        return merged;
    }
}
