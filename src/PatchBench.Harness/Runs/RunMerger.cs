using PatchBench.Harness.Records;

namespace PatchBench.Harness.Runs;

/// <summary>
/// Joins the shard folders of one plan (<c>--shard 1/N</c> … <c>N/N</c>) into one run folder, refusing shards of
/// different suites, systems, models or plans, a missing or repeated shard, and samples present twice.
/// </summary>
public static class RunMerger
{
    /// <summary>
    /// Merges every run found in <paramref name="shardsDirectory"/>, a shared results folder the shards wrote into: its
    /// sub-folders are grouped by run (the run id without <c>-shardIofN</c>) and each group merged into
    /// <c>resultsDirectory</c>. Folders that are not shards (an earlier merge, an unsharded run) are left alone; a group
    /// whose merged run exists and is complete is reported as already merged, so a retried merge job succeeds.
    /// Every group's problems (a missing shard index, an unfinished shard) are named in one line.
    /// </summary>
    public static IReadOnlyList<(RunFolder Folder, bool AlreadyMerged)> MergeAll(string shardsDirectory, string resultsDirectory, RunExecutor summariser)
    {
        if (!Directory.Exists(shardsDirectory)) throw new HarnessInputException($"merge: {shardsDirectory}: no such folder");
        var shards = new List<(string Directory, RunInfo Info)>();
        foreach (var directory in Directory.GetDirectories(shardsDirectory).Order(StringComparer.Ordinal))
        {
            var folder = new RunFolder(directory);
            if (!folder.Exists) continue;
            var info = folder.ReadInfo();
            if (info.Plan.Shard is not null) shards.Add((directory, info));
        }
        if (shards.Count == 0) throw new HarnessInputException($"merge: {shardsDirectory} holds no shard run folders (run.json with a shard)");
        var groups = shards.GroupBy(s => BaseRunId(s.Info), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var merged = new List<(RunFolder, bool)>();
        foreach (var group in groups)
        {
            var target = new RunFolder(Path.Combine(resultsDirectory, group.Key));
            if (target.Exists && target.ReadInfo() is { Status: "complete" })
            {
                merged.Add((target, true));
                continue;
            }
            try { merged.Add((Merge(group.Select(s => s.Directory).ToList(), resultsDirectory, summariser), false)); }
            catch (HarnessInputException ex) { problems.Add($"{group.Key}: {ex.Message.Replace("merge: ", "", StringComparison.Ordinal)}"); }
        }
        if (problems.Count > 0) throw new HarnessInputException($"merge: {string.Join("; ", problems)}");
        return merged;
    }

    /// <summary>The id a shard's run gets once merged: its own id without the <c>-shardIofN</c> suffix.</summary>
    public static string BaseRunId(RunInfo info)
    {
        if (info.Plan.Shard is not { } text) return info.RunId;
        var shard = Shard.Parse(text);
        var suffix = $"-shard{shard.Index}of{shard.Count}";
        return info.RunId.EndsWith(suffix, StringComparison.Ordinal) ? info.RunId[..^suffix.Length] : info.RunId + "-merged";
    }

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
            if (info.System.ModelFileHash != first.System.ModelFileHash) Refuse("model file", first.System.ModelFileHash ?? "-", info.System.ModelFileHash
                ?? "-");
            if (info.Plan.PlanHash != first.Plan.PlanHash) Refuse("plan (samples, limit, seed or items)", first.Plan.PlanHash[..12], info.Plan.PlanHash[..12]);
            // Scorers and their versions come with the harness build: shards scored by different builds are not one run.
            if (info.Harness.Version != first.Harness.Version || (info.Harness.GitCommit ?? "") != (first.Harness.GitCommit ?? ""))
                Refuse("harness build", $"{first.Harness.Version}+{first.Harness.GitCommit}", $"{info.Harness.Version}+{info.Harness.GitCommit}");
            var metrics = string.Join(",", info.Metrics.Select(m => m.Name).Order(StringComparer.Ordinal));
            var firstMetrics = string.Join(",", first.Metrics.Select(m => m.Name).Order(StringComparer.Ordinal));
            if (metrics != firstMetrics) Refuse("set of scorers (metrics)", firstMetrics, metrics);
        }
        var parsed = shards.Select(s => s.Info.Plan.Shard is { } text ? Shard.Parse(text)
            : throw new HarnessInputException($"merge: {s.Folder.Directory} is not a shard (run without --shard)")).ToList();
        var count = parsed[0].Count;
        if (parsed.Any(p => p.Count != count)) throw new HarnessInputException(
            $"merge: shards split the suite differently ({string.Join(", ", parsed.Distinct())})");
        var repeated = parsed.GroupBy(p => p.Index).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0) throw new HarnessInputException($"merge: shard {string.Join(", ", repeated.Select(r => $"{r}/{count}"))} given twice");
        var missing = Enumerable.Range(1, count).Except(parsed.Select(p => p.Index)).ToList();
        if (missing.Count > 0)
            throw new HarnessInputException(
                $"merge: shard {string.Join(", ", missing.Select(m => $"{m}/{count}"))} missing (have " +
                    $"{string.Join(", ", parsed.Select(p => p.Index).Order())} of {count})");
        var incomplete = shards.Zip(parsed).Where(s => s.First.Info.Status != "complete")
            .Select(s => $"{s.Second} in {s.First.Folder.Directory} ({s.First.Info.Status})").ToList();
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
                if (!seen.Add((r.ItemId, r.SampleIndex))) throw new HarnessInputException(
                    $"merge: sample {r.ItemId}#{r.SampleIndex} appears in more than one shard");
            records.AddRange(shardRecords);
        }

        var runId = BaseRunId(first);
        var merged = new RunFolder(Path.Combine(resultsDirectory, runId));
        if (merged.Exists) throw new HarnessInputException($"merge: {merged.Directory} exists already; remove it to merge again");
        // Build the merged run in a private folder and rename it into place: readers of a shared results volume (the
        // site job, a second merge) see either no run or a whole one, and a concurrent merge loses the rename, not data.
        Directory.CreateDirectory(resultsDirectory);
        var staging = new RunFolder(Path.Combine(resultsDirectory, $".{runId}.merging-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(staging.Directory);
        try
        {
            SamplesFile.Rewrite(staging.SamplesPath, records);
            var items = ordered.SelectMany(s => s.Folder.ReadItems()).DistinctBy(i => i.Id).ToDictionary(i => i.Id, StringComparer.Ordinal);
            staging.WriteItems(itemIds.Where(items.ContainsKey).Select(id => items[id]));
            var mergedInfo = first with
            {
                RunId = runId,
                Plan = first.Plan with { Shard = null, ItemIds = itemIds },
                StartedAt = shards.Min(s => s.Info.StartedAt),
                Metrics = shards.SelectMany(s => s.Info.Metrics).DistinctBy(m => m.Name).ToList(),
            };
            var summarised = summariser.Summarise(staging, mergedInfo, itemIds.Count * first.Plan.Samples,
                first.Aggregates?.BootstrapResamples ?? Statistics.Bootstrap.DefaultResamples, first.Plan.Seed);
            // The merged run finished when its last shard did, not now.
            staging.WriteInfo(summarised with { FinishedAt = shards.Max(s => s.Info.FinishedAt) });
            try { Directory.Move(staging.Directory, merged.Directory); }
            catch (IOException) when (merged.Exists)
            {
                throw new HarnessInputException($"merge: {merged.Directory} was written by another merge meanwhile; remove it to merge again");
            }
        }
        finally
        {
            if (Directory.Exists(staging.Directory)) Directory.Delete(staging.Directory, recursive: true);
        }
        return merged;
    }
}
