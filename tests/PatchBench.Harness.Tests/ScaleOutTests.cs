using System.Text.Json.Nodes;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Tests;

/// <summary>
/// Shards as a scheduler runs them: separate <c>patchbench run --shard auto…</c> processes with the variables Kubernetes
/// Indexed Jobs or Slurm arrays set, all writing into one shared results folder, then <c>patchbench merge FOLDER</c>.
/// </summary>
[Trait("Category", "Integration")]
public class ScaleOutTests
{
    private const int Items = 18;
    private const int Samples = 2;

    /// <summary>The child's environment: every scheduler variable of ours removed, then <paramref name="set"/>.</summary>
    private static Dictionary<string, string?> Environment(params (string Name, object Value)[] set)
    {
        var env = ShardSource.Variables.ToDictionary(v => v, _ => (string?)null);
        foreach (var (name, value) in set) env[name] = value.ToString();
        return env;
    }

    /// <summary>What task <paramref name="index"/> (1-based) of 3 sees, and the --shard it passes, under each scheduler.</summary>
    private static (Dictionary<string, string?> Env, string Shard, string Origin) SchedulerTask(string scheduler, int index, int slurmMin = 1) =>
        scheduler switch
    {
        // The manifest passes auto/N with N = completions: Kubernetes sets only the 0-based index.
        "kubernetes" => (Environment(("JOB_COMPLETION_INDEX", index - 1)), "auto/3", $"JOB_COMPLETION_INDEX={index - 1}"),
        _ => (Environment(("SLURM_ARRAY_TASK_ID", slurmMin + index - 1), ("SLURM_ARRAY_TASK_MIN", slurmMin), ("SLURM_ARRAY_TASK_MAX", slurmMin + 2),
            ("SLURM_ARRAY_TASK_COUNT", 3)), "auto", $"SLURM_ARRAY_TASK_ID={slurmMin + index - 1}"),
    };

    private static string[] RunArgs(string suite, string system, string shard, string outDir) =>
        ["run", "--suite", suite, "--system", system, "--samples", $"{Samples}", "--out", outDir, "--scoring-concurrency", "1", .. shard.Length > 0
            ? new[] { "--shard", shard } : []];

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("slurm")]
    public async Task Three_shard_processes_in_one_shared_folder_merge_to_exactly_the_unsharded_aggregates(string scheduler)
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, Items);
        var shared = Path.Combine(dir.Path, "shared", "shards");
        var runs = Path.Combine(dir.Path, "shared", "runs");

        // Tasks 1 and 3 first, at the same time, into the same folder: the merge must name what is missing.
        await Task.WhenAll(((int[])[1, 3]).Select(ShardAsync));
        var refused = await CliProcess.RunAsync(dir.Path, "merge", shared, "--out", runs);
        Assert.True(refused.ExitCode == 2, refused.Stdout + refused.Stderr);
        Assert.Contains("shard 2/3 missing (have 1, 3 of 3)", refused.Stderr);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any(), "a refused merge left files behind");
        await ShardAsync(2);
        Assert.Equal(3, Directory.GetDirectories(shared).Length);

        var merged = await CliProcess.RunAsync(dir.Path, "merge", shared, "--out", runs);
        Assert.True(merged.ExitCode == 0, merged.Stdout + merged.Stderr);
        var again = await CliProcess.RunAsync(dir.Path, "merge", shared, "--out", runs);   // a retried merge job
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains("already merged", again.Stdout);

        var whole = Path.Combine(dir.Path, "whole");
        var unsharded = await CliProcess.RunAsync(dir.Path, Environment(), RunArgs(suite, "reference", "", whole));
        Assert.True(unsharded.ExitCode == 0, unsharded.Stdout + unsharded.Stderr);
        var wholeRun = Directory.GetDirectories(whole).Single();
        var mergedRun = Directory.GetDirectories(runs).Single();
        Assert.Equal(Path.GetFileName(wholeRun), Path.GetFileName(mergedRun));
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(wholeRun, "run.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(mergedRun, "run.json")))!;
        Assert.Equal("complete", b["status"]!.GetValue<string>());
        Assert.Equal(a["plan"]!["item_ids"]!.ToJsonString(), b["plan"]!["item_ids"]!.ToJsonString());
        Assert.Equal(Items * Samples, b["aggregates"]!["samples"]!.GetValue<int>());
        foreach (var part in new[] { "overall", "by_category", "by_difficulty" })
            Assert.Equal(a["aggregates"]![part]!.ToJsonString(), b["aggregates"]![part]!.ToJsonString());
        // Per sample too: the same outputs and scores, each exactly once.
        static Dictionary<(string, int), string> Scores(string run) => new RunFolder(run).ReadSamples()
            .ToDictionary(r => (r.ItemId, r.SampleIndex), r => string.Join(",", r.Scores.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value:R}")) + r.Output);
        Assert.Equal(Scores(wholeRun).OrderBy(p => p.Key), Scores(mergedRun).OrderBy(p => p.Key));

        async Task ShardAsync(int index)
        {
            var (env, shard, origin) = SchedulerTask(scheduler, index);
            var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, env, RunArgs(suite, "reference", shard, shared));
            Assert.True(code == 0, stdout + stderr);
            Assert.Contains($"shard {index}/3 ({origin}", stdout);
        }
    }

    [Fact]
    public async Task A_shard_killed_mid_way_resumes_only_its_own_part_and_a_second_copy_is_refused_while_it_runs()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, Items);
        var shared = Path.Combine(dir.Path, "shards");
        const string system = "reference,delay_ms=400";
        const int perShard = Items / 3 * Samples;
        // An array that starts at 5 (--array=5-7): task 6 is shard 2/3.
        foreach (var i in new[] { 1, 3 })
        {
            var (env, shard, _) = SchedulerTask("slurm", i, slurmMin: 5);
            var done = await CliProcess.RunAsync(dir.Path, env, RunArgs(suite, system, shard, shared));
            Assert.True(done.ExitCode == 0, done.Stdout + done.Stderr);
        }
        var others = Directory.GetDirectories(shared).ToDictionary(d => d, d => File.ReadAllBytes(Path.Combine(d, SamplesFile.FileName)));

        var (env2, shard2, _) = SchedulerTask("slurm", 2, slurmMin: 5);
        string samples;
        using (var process = CliProcess.Start(dir.Path, env2, RunArgs(suite, system, shard2, shared)))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            samples = Path.Combine(shared, Directory.GetDirectories(shared).Select(Path.GetFileName)
                .Single(n => n!.EndsWith("shard1of3", StringComparison.Ordinal))!
                .Replace("shard1of3", "shard2of3", StringComparison.Ordinal), SamplesFile.FileName);
            while (!process.HasExited && (!File.Exists(samples) || WrittenFile.CountLines(samples) < 1)) await Task.Delay(10);
            Assert.False(process.HasExited, "shard 2 finished before the test could look at it");

            // The scheduler starts the same task again while the first still runs (a requeue, a replaced pod).
            var twin = await CliProcess.RunAsync(dir.Path, env2, RunArgs(suite, system, shard2, shared));
            Assert.Equal(2, twin.ExitCode);
            Assert.Contains("another patchbench process is writing this run", twin.Stderr);
            Assert.False(process.HasExited, "shard 2 finished before its twin was refused; the refusal proves nothing");

            process.Kill();
            await process.WaitForExitAsync();
        }
        var before = SamplesFile.Read(samples).Records.Count;
        Assert.InRange(before, 1, perShard - 1);

        var resumed = await CliProcess.RunAsync(dir.Path, env2, RunArgs(suite, system, shard2, shared));
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.Contains($"resuming: {before} samples already done, {perShard - before} to do", resumed.Stdout);
        Assert.Equal(perShard, SamplesFile.Read(samples).Records.Count);
        foreach (var (folder, bytes) in others) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(folder, SamplesFile.FileName)));

        var merged = await CliProcess.RunAsync(dir.Path, "merge", shared, "--out", Path.Combine(dir.Path, "runs"));
        Assert.True(merged.ExitCode == 0, merged.Stdout + merged.Stderr);
        var info = new RunFolder(Directory.GetDirectories(Path.Combine(dir.Path, "runs")).Single()).ReadInfo();
        Assert.Equal("complete", info.Status);
        Assert.Equal(Items * Samples, info.Aggregates!.Samples);
    }
}
