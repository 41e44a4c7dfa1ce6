using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Cli;
using PatchBench.Harness.Records;
using PatchBench.Site;

namespace PatchBench.Site.Tests;

/// <summary>
/// Real results, made once per test run: 'patchbench run' over 5 items of suites/core with the reference, retrieval and
/// empty systems (fast, real Pd scoring), plus two checkpoints of a "model" family made from the retrieval run by
/// giving it a llamacpp spec and generation timings (no model runs here), a throughput profile and a contamination report;
/// a tiny checkpoint family trained by the real 'patchbench train' and the real 'patchbench gate' of its two checkpoint runs. Then 'patchbench site' builds the
/// site from them.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "patchbench-site-tests-" + Environment.ProcessId);
    public string Results => Path.Combine(Root, "results");
    public string Site => Path.Combine(Root, "site");
    public int SiteExitCode { get; private set; }
    public string SiteStdout { get; private set; } = "";
    public string SiteStderr { get; private set; } = "";

    /// <summary>The core suite's name-version as the site names its folders and charts (changes with the suite's version).</summary>
    public static string CoreKey { get; } = "core-" + File.ReadLines(Path.Combine(RepoRoot, "suites", "core", "suite.yaml"))
        .First(l => l.StartsWith("version:", StringComparison.Ordinal))["version:".Length..].Trim().Trim('"', '\'');

    public static string RepoRoot => PatchBench.Testing.RepositoryRoot.Path;

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, true);
        Directory.CreateDirectory(Results);
        var (code, _, err) = await Cli.Run("run", "--suite", Path.Combine(RepoRoot, "suites", "core"), "--system", "reference", "--system", "retrieval",
            "--system", "empty", "--limit", "5", "--seed", "3", "--out", Results);
        if (code != 0) throw new InvalidOperationException($"patchbench run failed ({code}): {err}");
        var retrieval = Directory.GetDirectories(Results, "core-retrieval-*").Single();
        MakeCheckpoint(retrieval, "tiny-pd-step100", 42.5, 0.8);
        MakeCheckpoint(retrieval, "tiny-pd-step200", 30.0, 1.0);
        File.WriteAllText(Path.Combine(retrieval, "contamination.json"),
            """{ "suite": "core", "n": 8, "threshold": 0.8, "training_rows": 12, "flagged": 1,""" +
                """ "items": [ { "id": "x", "flagged": true }, { "id": "y", "flagged": false } ] }""");
        Directory.CreateDirectory(Path.Combine(Results, "throughput"));
        var rows = new List<LlamaBenchRow>
        {
            new() { CpuInfo = "Test CPU", Backends = "CPU", ModelFilename = "models/tiny-pd-step200.gguf", ModelType = "llama 15M Q8_0", ModelSize = 16_000_000,
                ModelNParams = 15_000_000,
                NThreads = 2, NPrompt = 512, TestTime = "2026-01-02T03:04:05Z", AvgTs = 950.5, StddevTs = 12.25, SamplesTs = [940, 961],
                    MemoryBandwidthGbps = 9.5 },
            new() { CpuInfo = "Test CPU", Backends = "CPU", ModelFilename = "models/tiny-pd-step200.gguf", ModelType = "llama 15M Q8_0", ModelSize = 16_000_000,
                ModelNParams = 15_000_000,
                NThreads = 2, NGen = 128, TestTime = "2026-01-02T03:04:09Z", AvgTs = 310.0, StddevTs = 4.5, SamplesTs = [306, 314], MemoryBandwidthGbps = 9.5,
                    CeilingTs = 593.75 },
        };
        File.WriteAllText(Path.Combine(Results, "throughput", "throughput-tiny.json"),
            JsonSerializer.Serialize(rows, LlamaBenchJson.Default.ListLlamaBenchRow));
        await TrainAndGate();
        (SiteExitCode, SiteStdout, SiteStderr) = await Cli.Run("site", "--results", Results, "--out", Site);
    }

    /// <summary>Checkpoint steps the fixture's family is trained to (1/8, 1/4, 1/2 and all of 200 steps).</summary>
    public static readonly int[] TrainedSteps = [25, 50, 100, 200];

    /// <summary>
    /// The real <c>patchbench train</c> (a 37K-parameter model, 200 steps, three Debian help patches and the few-shot
    /// pool; seconds) writes results/training/tiny-pd/{training.json, contamination.md} as the main job does, and the
    /// real <c>patchbench gate</c> of the step-200 checkpoint run against the step-100 one writes results/gate/tiny-pd-step0200.md (named after the family's
    /// last checkpoint, as run-bench.ps1 names it).
    /// </summary>
    private async Task TrainAndGate()
    {
        var patches = Directory.CreateDirectory(Path.Combine(Root, "pd-doc")).FullName;
        foreach (var name in new[] { "osc~-help.pd", "metro-help.pd", "print-help.pd" })
            File.Copy(Path.Combine("/usr/share/puredata/doc/5.reference", name), Path.Combine(patches, name));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepoRoot };
        // A process of its own: libtorch is loaded (and its GLIBCXX fix applied) by the train command, not by the test host.
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "patchbench.dll"), "train", "--family", "tiny-pd", "--steps", "200", "--batch", "2", "--hidden",
                         "32",
                     "--layers", "2", "--heads", "2", "--feed-forward", "64", "--context", "64", "--prompt-repeats", "2", "--threads", "1", "--patches",
                         patches,
                     "--fewshot", Path.Combine(RepoRoot, "suites", "fewshot"), "--held-out", Path.Combine(RepoRoot, "suites", "core"),
                     "--models", Path.Combine(Root, "models"), "--results", Results,
                 })
            start.ArgumentList.Add(a);
        using (var train = Process.Start(start)!)
        {
            var stdout = train.StandardOutput.ReadToEndAsync();
            var stderr = train.StandardError.ReadToEndAsync();
            await train.WaitForExitAsync();
            if (train.ExitCode != 0) throw new InvalidOperationException($"patchbench train failed ({train.ExitCode}): {await stderr}{await stdout}");
        }
        var gate = Directory.CreateDirectory(Path.Combine(Results, "gate")).FullName;
        var (code, _, err) = await Cli.Run("gate", "--baseline", Path.Combine(Results, "core-tiny-pd-step100"), "--candidate",
            Path.Combine(Results, "core-tiny-pd-step200"),
            "--summary", Path.Combine(gate, "tiny-pd-step0200.md"));
        if (code is not (0 or 1)) throw new InvalidOperationException($"patchbench gate failed ({code}): {err}");
    }

    /// <summary>A copy of a run that looks like a model checkpoint: another spec and run id, timings per sample, a throughput summary.</summary>
    private void MakeCheckpoint(string source, string model, double tokensPerS, double scale)
    {
        var id = "core-" + model;
        var dir = Path.Combine(Results, id);
        Directory.CreateDirectory(dir);
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "run.json")))!.AsObject();
        run["run_id"] = id;
        run["system"]!["spec"] = $"llamacpp:models/{model}.gguf,template=alpaca,fewshot=3";
        run["system"]!["backend"] = "llamacpp";
        run["system"]!["template"] = "alpaca";
        run["system"]!["options"] = new JsonObject { ["fewshot"] = "3", ["template"] = "alpaca" };
        foreach (var m in run["aggregates"]!["overall"]!["metrics"]!.AsArray())
            if (m!["name"]!.GetValue<string>() == "similarity")
            {
                m["mean"] = m["mean"]!.GetValue<double>() * scale;
                m["ci_low"] = m["ci_low"]!.GetValue<double>() * scale;
                m["ci_high"] = Math.Min(1, m["ci_high"]!.GetValue<double>() * scale);
            }
        run["aggregates"]!["throughput"]!["generation_tokens_per_s"] =
            new JsonObject { ["n"] = 5, ["mean"] = tokensPerS, ["p50"] = tokensPerS, ["p95"] = tokensPerS * 1.1, ["p99"] = tokensPerS * 1.2 };
        run["aggregates"]!["throughput"]!["ttft_ms"] = new JsonObject { ["n"] = 5, ["mean"] = 120.0, ["p50"] = 118.0, ["p95"] = 150.0, ["p99"] = 160.0 };
        File.WriteAllText(Path.Combine(dir, "run.json"), run.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var lines = File.ReadAllLines(Path.Combine(source, "samples.jsonl")).Select((l, i) =>
        {
            var s = JsonNode.Parse(l)!.AsObject();
            s["timings"]!["ttft_ms"] = 100.0 + 10 * i;
            s["timings"]!["generation_tokens_per_s"] = tokensPerS + i;
            s["tokens"] = new JsonObject { ["prompt"] = 200 + i, ["completion"] = 60 + i };
            return s.ToJsonString();
        });
        File.WriteAllLines(Path.Combine(dir, "samples.jsonl"), lines);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}

/// <summary>Runs the real command line in-process, capturing its output.</summary>
public static class Cli
{
    private static readonly SemaphoreSlim Console_ = new(1, 1);

    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        await Console_.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var code = await PatchBenchCommand.RunAsync(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Console_.Release();
        }
    }
}
