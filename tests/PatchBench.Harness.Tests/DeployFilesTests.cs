using System.Diagnostics;
using System.Text.RegularExpressions;
using PatchBench.Harness.Runs;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Harness.Tests;

/// <summary>
/// The deployment files under <c>deploy/</c>, the Dockerfile and the GitHub Actions matrix, checked without kubectl,
/// Slurm or GitHub: YAML parsed and the fields that decide behaviour compared, shell scripts syntax-checked, and the
/// commands they contain run for real on a small suite with the environment each scheduler sets.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class DeployFilesTests
{
    private static string Repo(params string[] parts) => Path.Combine([RepoPaths.Root, .. parts]);

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child)
                    ? child : throw new Xunit.Sdk.XunitException($"no '{key}' in {node.Start}"),
                int index => ((YamlSequenceNode)node).Children[index],
                _ => throw new ArgumentException(step.ToString()),
            };
        return node;
    }

    private static string Text(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static List<string> Strings(YamlNode node, params object[] path) =>
        ((YamlSequenceNode)At(node, path)).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static string After(List<string> args, string option) => args[args.IndexOf(option) + 1];

    private static YamlMappingNode ShardsJob => Documents(Repo("deploy", "kubernetes", "shards-job.yaml")).Single();
    private static YamlMappingNode MergeJob => Documents(Repo("deploy", "kubernetes", "merge-job.yaml")).Single();

    [Fact]
    public void Kubernetes_indexed_job_passes_its_completions_as_the_shard_count_and_shares_one_results_volume()
    {
        var job = ShardsJob;
        Assert.Equal("batch/v1", Text(job, "apiVersion"));
        Assert.Equal("Job", Text(job, "kind"));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var completions = int.Parse(Text(job, "spec", "completions"));
        Assert.InRange(int.Parse(Text(job, "spec", "parallelism")), 1, completions);
        // backoffLimitPerIndex and podFailurePolicy both require restartPolicy Never.
        Assert.Equal("Never", Text(job, "spec", "template", "spec", "restartPolicy"));
        Assert.True(int.Parse(Text(job, "spec", "backoffLimitPerIndex")) >= 1);
        var container = At(job, "spec", "template", "spec", "containers", 0);
        var args = Strings(container, "args");
        Assert.Equal("run", args[0]);
        Assert.Equal($"auto/{completions}", After(args, "--shard"));
        // The last pod's index lands on the last shard.
        Assert.Equal(new Shard(completions, completions),
            ShardSource.Resolve(After(args, "--shard"), n => n == ShardSource.KubernetesIndex ? $"{completions - 1}" : null).Shard);
        // Exit 2 (bad input) stops the Job; exit 1 (a sample's error, recorded) is not retried.
        var rules = ((YamlSequenceNode)At(job, "spec", "podFailurePolicy", "rules")).Children;
        string ActionFor(string code) => rules.Where(r => ((YamlMappingNode)r).Children.ContainsKey(new YamlScalarNode("onExitCodes")))
            .Single(r => Strings(r, "onExitCodes", "values").Contains(code)) is var rule ? Text(rule, "action") : "";
        Assert.Equal("FailJob", ActionFor("2"));
        Assert.Equal("FailIndex", ActionFor("1"));
        Assert.All(rules.Where(r => ((YamlMappingNode)r).Children.ContainsKey(new YamlScalarNode("onExitCodes"))),
            r => Assert.Equal(Text(container, "name"), Text(r, "onExitCodes", "containerName")));
        // Every $(VAR) in the args is defined in the container's env.
        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        foreach (Match m in VariableReference().Matches(string.Join(" ", args))) Assert.Contains(m.Groups[1].Value, env.Keys);
        // The sandbox needs user namespaces, which the default seccomp profile forbids.
        Assert.Equal("Unconfined", Text(container, "securityContext", "seccompProfile", "type"));

        var outDir = After(args, "--out");
        var (mergeIn, mergeOut, siteIn) = MergeCommandPaths();
        Assert.Equal(outDir, mergeIn);
        Assert.Equal(mergeOut, siteIn);
        Assert.Equal(Text(container, "image"), Text(At(MergeJob, "spec", "template", "spec", "containers", 0), "image"));
        // An untagged or :latest image is pulled anew by every pod, so shards could run different builds.
        Assert.Matches(@":[\w.-]+$", Text(container, "image"));
        Assert.DoesNotContain(":latest", Text(container, "image"));

        // Both jobs mount the same ReadWriteMany claim at a folder that holds their paths.
        var claims = Documents(Repo("deploy", "kubernetes", "volumes.yaml")).ToDictionary(d => Text(d, "metadata", "name"));
        foreach (var (podJob, path) in new[] { (job, outDir), (MergeJob, mergeOut) })
        {
            var pod = At(podJob, "spec", "template", "spec");
            var mount = ((YamlSequenceNode)At(pod, "containers", 0, "volumeMounts"))
                .Children.Single(v => path.StartsWith(Text(v, "mountPath") + "/", StringComparison.Ordinal));
            var volume = ((YamlSequenceNode)At(pod, "volumes")).Children.Single(v => Text(v, "name") == Text(mount, "name"));
            var claim = claims[Text(volume, "persistentVolumeClaim", "claimName")];
            Assert.Equal(["ReadWriteMany"], Strings(claim, "spec", "accessModes"));
        }
    }

    private static (string MergeIn, string MergeOut, string SiteIn) MergeCommandPaths()
    {
        var container = At(MergeJob, "spec", "template", "spec", "containers", 0);
        Assert.Equal(["sh", "-c"], Strings(container, "command"));
        var script = Strings(container, "args").Single();
        var merge = MergeLine().Match(script);
        var site = SiteLine().Match(script);
        Assert.True(merge.Success && site.Success, script);
        Assert.True(merge.Index < site.Index && script.Contains("&&"), "the site must be built only after a successful merge");
        return (merge.Groups[1].Value, merge.Groups[2].Value, site.Groups[1].Value);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Kubernetes_manifests_commands_run_as_pods_would_and_merge_into_a_site()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 8);
        var container = At(ShardsJob, "spec", "template", "spec", "containers", 0);
        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        env["PATCHBENCH_SUITE"] = suite;   // the manifest's own system (retrieval over suites/fewshot), on a small suite
        string Pod(string text) => VariableReference().Replace(text, m => env[m.Groups[1].Value]).Replace("/results", Path.Combine(dir.Path, "volume"));
        var args = Strings(container, "args").Select(Pod).ToArray();
        var completions = int.Parse(Text(ShardsJob, "spec", "completions"));

        // The image's working folder is the repository (relative suites/ paths resolve there).
        var pods = Enumerable.Range(0, completions).Select(index => CliProcess.RunAsync(RepoPaths.Root,
            ShardSource.Variables.ToDictionary(v => v, v => v == ShardSource.KubernetesIndex ? $"{index}" : null), args));
        foreach (var (code, stdout, stderr) in await Task.WhenAll(pods)) Assert.True(code == 0, stdout + stderr);

        var bin = PatchbenchOnPath(dir.Path);
        var script = Pod(Strings(At(MergeJob, "spec", "template", "spec", "containers", 0), "args").Single());
        var (mergeCode, output) = await Shell(RepoPaths.Root, new() { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" }, "-c", script);
        Assert.True(mergeCode == 0, output);
        var run = new RunFolder(Directory.GetDirectories(Path.Combine(dir.Path, "volume", "runs")).Single()).ReadInfo();
        Assert.Equal("complete", run.Status);
        Assert.Equal(8, run.Plan.ItemIds.Count);
        Assert.True(File.Exists(Path.Combine(dir.Path, "volume", "site", "index.html")));
    }

    [Fact]
    public async Task Slurm_scripts_parse_and_submit_chains_the_merge_after_the_whole_array()
    {
        foreach (var script in new[] { "patchbench-array.sbatch", "patchbench-merge.sbatch", "submit.sh" })
        {
            var (code, output) = await Shell(RepoPaths.Root, [], "-n", Repo("deploy", "slurm", script));
            Assert.True(code == 0, $"{script}: {output}");
        }
        var array = File.ReadAllText(Repo("deploy", "slurm", "patchbench-array.sbatch"));
        Assert.Matches(@"(?m)^#SBATCH --array=\d+-\d+$", array);
        Assert.Contains("--shard auto ", array);
        // #SBATCH lines count only before the first command.
        var firstCommand = array.Split('\n').ToList().FindIndex(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.All(array.Split('\n').Select((l, i) => (l, i)).Where(x => x.l.StartsWith("#SBATCH")), x => Assert.True(x.i < firstCommand, x.l));

        // submit.sh against a stand-in sbatch that records its arguments.
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        var log = Path.Combine(dir.Path, "sbatch.log");
        File.WriteAllText(Path.Combine(bin, "sbatch"), $"#!/bin/sh\necho \"$@\" >> {log}\nn=$(wc -l < {log}); echo \"$((4000 + n));cluster1\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "sbatch"), (UnixFileMode)0b111_101_101);
        var (submitCode, submitOut) = await Shell(RepoPaths.Root, new() { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" },
            Repo("deploy", "slurm", "submit.sh"), "6");
        Assert.True(submitCode == 0, submitOut);
        var calls = File.ReadAllLines(log);
        Assert.Equal(2, calls.Length);
        Assert.Contains("--array=1-6", calls[0]);
        Assert.EndsWith("patchbench-array.sbatch", calls[0]);
        Assert.Contains("--dependency=afterany:4001 ", calls[1]);
        Assert.EndsWith("patchbench-merge.sbatch", calls[1]);
        var (badCode, badOut) = await Shell(RepoPaths.Root, new() { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" },
            Repo("deploy", "slurm", "submit.sh"), "zero");
        Assert.Equal(2, badCode);
        Assert.Contains("SHARDS must be a whole number", badOut);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Slurm_array_tasks_starting_at_1_run_as_tasks_would_and_the_merge_step_builds_the_site()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 7);
        var results = Path.Combine(dir.Path, "shared");
        var range = ArrayRange().Match(File.ReadAllText(Repo("deploy", "slurm", "patchbench-array.sbatch")));
        var (min, max) = (int.Parse(range.Groups[1].Value), int.Parse(range.Groups[2].Value));
        Dictionary<string, string?> Env(int? task) => new()
        {
            ["PATCHBENCH"] = $"dotnet {CliProcess.Dll}",
            ["PATCHBENCH_SUITE"] = suite,
            ["PATCHBENCH_SYSTEM"] = "reference",
            ["PATCHBENCH_RESULTS"] = results,
            ["SLURM_ARRAY_TASK_ID"] = task?.ToString(),
            ["SLURM_ARRAY_TASK_MIN"] = task is null ? null : $"{min}",
            ["SLURM_ARRAY_TASK_MAX"] = task is null ? null : $"{max}",
            ["SLURM_ARRAY_TASK_COUNT"] = task is null ? null : $"{max - min + 1}",
            [ShardSource.KubernetesIndex] = null,
        };
        var tasks = Enumerable.Range(min, max - min + 1).Select(t => Shell(dir.Path, Env(t), Repo("deploy", "slurm", "patchbench-array.sbatch")));
        foreach (var (code, output) in await Task.WhenAll(tasks)) Assert.True(code == 0, output);
        Assert.Equal(max - min + 1, Directory.GetDirectories(Path.Combine(results, "shards")).Length);
        var (mergeCode, mergeOut) = await Shell(dir.Path, Env(null), Repo("deploy", "slurm", "patchbench-merge.sbatch"));
        Assert.True(mergeCode == 0, mergeOut);
        var run = new RunFolder(Directory.GetDirectories(Path.Combine(results, "runs")).Single()).ReadInfo();
        Assert.Equal("complete", run.Status);
        Assert.Equal(7, run.Aggregates!.Samples);
        Assert.True(File.Exists(Path.Combine(results, "site", "index.html")));
    }

    [Fact]
    public void Github_matrix_lists_every_shard_of_its_count_and_the_merge_job_gates_what_the_shards_uploaded()
    {
        var workflow = Documents(Repo(".github", "workflows", "patchbench-shards.yml")).Single();
        // YAML 1.1 reads a bare `on` as true; YamlDotNet keeps the text "on".
        var triggers = (YamlMappingNode)At(workflow, "on");
        Assert.Equal(["workflow_dispatch"], triggers.Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        var shard = At(workflow, "jobs", "shard");
        Assert.Equal("false", Text(shard, "strategy", "fail-fast"));
        var indices = Strings(shard, "strategy", "matrix", "shard").Select(int.Parse).ToList();
        var steps = ((YamlSequenceNode)At(shard, "steps")).Children.Cast<YamlMappingNode>().ToList();
        var run = steps.Select(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var r) ? ((YamlScalarNode)r).Value! : "")
            .Single(r => r.Contains(" run --suite"));
        var count = ShardOption().Match(run);
        Assert.True(count.Success, run);
        Assert.Equal(Enumerable.Range(1, int.Parse(count.Groups[1].Value)), indices);
        var outDir = OutOption().Match(run).Groups[1].Value;
        var upload = steps.Single(s => s.Children.ContainsKey(new YamlScalarNode("uses"))
            && Text(s, "uses").StartsWith("actions/upload-artifact", StringComparison.Ordinal));
        Assert.Equal(outDir, Text(upload, "with", "path"));
        Assert.Contains("${{ matrix.shard }}", Text(upload, "with", "name"));

        var merge = At(workflow, "jobs", "merge");
        Assert.Equal("shard", Text(merge, "needs"));
        Assert.Contains("!cancelled()", Text(merge, "if"));
        var mergeSteps = ((YamlSequenceNode)At(merge, "steps")).Children.Cast<YamlMappingNode>().ToList();
        var download = mergeSteps.Single(s => s.Children.ContainsKey(new YamlScalarNode("uses"))
            && Text(s, "uses").StartsWith("actions/download-artifact", StringComparison.Ordinal));
        Assert.Equal("true", Text(download, "with", "merge-multiple"));
        Assert.Matches("^" + Regex.Escape(Text(download, "with", "pattern")).Replace("\\*", ".*") + "$", Text(upload, "with", "name"));
        var runs = mergeSteps.Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => Text(s, "run")).ToList();
        var mergeRun = MergeLine().Match(string.Join("\n", runs));
        Assert.Equal(Text(download, "with", "path"), mergeRun.Groups[1].Value);
        var gate = runs.Single(r => r.Contains(" gate "));
        Assert.Contains(mergeRun.Groups[2].Value + "/", gate);
        Assert.Contains("--summary \"$GITHUB_STEP_SUMMARY\"", gate);
        // Inputs reach the shell through env, never spliced into the script (no injection from a dispatch form).
        Assert.DoesNotContain("${{ inputs.", string.Join("\n",
            steps.Concat(mergeSteps).Select(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var r) ? ((YamlScalarNode)r).Value : "")));
    }

    [Fact]
    public void Dockerfile_builds_on_debian_12_through_the_projects_own_setup_and_runs_patchbench()
    {
        var lines = File.ReadAllLines(Repo("Dockerfile")).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("FROM debian:bookworm", from[^1]);   // Pd 0.53 from Debian 12, as the catalog was probed
        var text = string.Join("\n", lines);
        Assert.Contains("bash scripts/setup.sh", text);
        Assert.Contains("dotnet publish src/PatchBench.Cli", text);
        Assert.Contains("ENTRYPOINT [\"patchbench\"]", text);
        Assert.Matches("(?m)^WORKDIR /opt/patchbench$", text);
        var ignored = File.ReadAllLines(Repo(".dockerignore")).Where(l => !l.StartsWith('#') && l.Length > 0).ToList();
        foreach (var local in new[] { "native/", "results/", "models/", "**/bin/", "**/obj/" }) Assert.Contains(local, ignored);
        // What the manifest runs by default must be inside the image (COPY . . of the repository).
        var env = ((YamlSequenceNode)At(ShardsJob, "spec", "template", "spec", "containers", 0, "env"))
            .Children.ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        Assert.True(File.Exists(Repo(env["PATCHBENCH_SUITE"], "suite.yaml")));
    }

    private static string PatchbenchOnPath(string root)
    {
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "patchbench"), $"#!/bin/sh\nexec dotnet {CliProcess.Dll} \"$@\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "patchbench"), (UnixFileMode)0b111_101_101);
        return bin;
    }

    private static async Task<(int Code, string Output)> Shell(string workingDirectory, Dictionary<string, string?> env, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in env)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\$\(([A-Z_]+)\)")]
    private static partial Regex VariableReference();
    [GeneratedRegex(@"patchbench site --results (\S+) --out (\S+)")]
    private static partial Regex SiteLine();
    [GeneratedRegex(@"(?m)^#SBATCH --array=(\d+)-(\d+)$")]
    private static partial Regex ArrayRange();
    [GeneratedRegex(@"--shard \$\{\{ matrix\.shard \}\}/(\d+)")]
    private static partial Regex ShardOption();
    [GeneratedRegex(@"--out (\S+)")]
    private static partial Regex OutOption();
    [GeneratedRegex(@"(?:patchbench|\$PATCHBENCH) merge (\S+) --out (\S+)")]
    private static partial Regex MergeLine();
}
