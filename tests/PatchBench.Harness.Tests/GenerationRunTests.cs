using System.Diagnostics;
using System.Text.Json.Nodes;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Harness.Records;
using PatchBench.Testing;

namespace PatchBench.Harness.Tests;

/// <summary>
/// The tiny GGUF written by the project's own GGUF writer, for runs with <c>llamacpp:</c> (llama.cpp itself comes with
/// LLamaSharp.Backend.Cpu).
/// </summary>
internal static class GenerationTestModel
{
    private static readonly Lazy<string> Model = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("patchbench-model-").FullName;
        var path = System.IO.Path.Combine(dir, "tiny-llama.gguf");
        TinyLlamaModelBuilder.Write(path);
        return path;
    });

    /// <summary>Path of the tiny model.</summary>
    public static string Path => Model.Value;
}

/// <summary><c>patchbench run</c> and <c>patchbench generate</c> with the generation systems, as a child process on a 3-item suite.</summary>
[Trait("Category", "Integration")] // native llama.cpp libraries, loopback server
public class GenerationRunTests
{
    private static List<JsonObject> Samples(string results)
    {
        var run = Directory.GetDirectories(results).Single();
        return File.ReadAllLines(Path.Combine(run, "samples.jsonl")).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
    }

    [Fact]
    public async Task Run_with_retrieval_writes_the_nearest_pool_reference_for_every_item()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 3, "mini");
        var pool = RepoPaths.Suite("fewshot");
        var results = Path.Combine(dir.Path, "results");
        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "run", "--suite", suite, "--system", $"retrieval,pool={pool}", "--out", results);
        Assert.True(code == 0, stdout + stderr);
        var samples = Samples(results);
        var ids = Cli.Harness.HarnessSetup.SuiteLoader.Load(suite).Items.Select(i => i.Id).Order().ToList();
        Assert.Equal(ids, samples.Select(s => s["item_id"]!.GetValue<string>()).Order());
        var poolSuite = Cli.Harness.HarnessSetup.SuiteLoader.Load(pool);
        foreach (var s in samples)
        {
            var patch = s["patch"]!.GetValue<string>();
            Assert.Contains(poolSuite.Items, i => i.ReferencePatch == patch);
            Assert.Equal(1.0, s["scores"]!["parse_ok"]!.GetValue<double>());
        }
    }

    [Fact]
    public async Task Run_with_llamacpp_on_the_tiny_model_records_tokens_timings_finish_reason_and_perplexity()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 3, "mini");
        var results = Path.Combine(dir.Path, "results");
        // The tiny vocabulary spells most text byte by byte: a longer context so prompt plus reference patch fit for perplexity.
        var spec = $"llamacpp:{GenerationTestModel.Path},template=raw,system=none,max_tokens=12,threads=1,ctx=4096";
        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "run", "--suite", suite, "--system", spec, "--out", results);
        Assert.True(code == 0, stdout + stderr);
        var samples = Samples(results);
        Assert.Equal(3, samples.Count);
        var prompts = Cli.Harness.HarnessSetup.SuiteLoader.Load(suite).Items.ToDictionary(i => i.Id, i => i.Prompt);
        foreach (var s in samples)
        {
            Assert.Null(s["error"]);
            Assert.Equal("length", s["finish_reason"]!.GetValue<string>());
            Assert.Equal(12, s["tokens"]!["completion"]!.GetValue<int>());
            Assert.True(s["tokens"]!["prompt"]!.GetValue<int>() > 10);
            Assert.True(s["timings"]!["ttft_ms"]!.GetValue<double>() > 0);
            Assert.True(s["timings"]!["generation_tokens_per_s"]!.GetValue<double>() > 0);
            Assert.StartsWith("Prompt: " + prompts[s["item_id"]!.GetValue<string>()] + "\n", s["prompt"]!.GetValue<string>());
            Assert.EndsWith("\nPatch:\n", s["prompt"]!.GetValue<string>());
            Assert.True(s["scores"]!["reference_perplexity"]!.GetValue<double>() > 1);
        }
        // Greedy decoding: a second run in a fresh folder gives the same outputs.
        var again = Path.Combine(dir.Path, "again");
        var second = await CliProcess.RunAsync(dir.Path, "run", "--suite", suite, "--system", spec, "--out", again);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(samples.OrderBy(s => s["item_id"]!.ToString()).Select(s => s["output"]!.ToString()),
            Samples(again).OrderBy(s => s["item_id"]!.ToString()).Select(s => s["output"]!.ToString()));
        var runJson = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory.GetDirectories(results).Single(), "run.json")))!;
        Assert.Equal(64, runJson["system"]!["model_file_hash"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Generate_prints_the_patch_and_json_fields()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "generate", "--system", $"retrieval,pool={RepoPaths.Suite("fewshot")}",
            "--prompt", "Play a sine wave at 440 Hz", "--format", "json");
        Assert.True(code == 0, stdout + stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.StartsWith("#N canvas", json["patch"]!.GetValue<string>());
        Assert.Equal("Play a sine wave at 440 Hz", json["request"]!.GetValue<string>());

        var llama = await CliProcess.RunAsync(dir.Path, "generate", "--system", $"llamacpp:{GenerationTestModel.Path},max_tokens=8,threads=1", "--prompt",
            "the osc~");
        Assert.True(llama.ExitCode == 0, llama.Stdout + llama.Stderr);
        Assert.Contains("finish:      length", llama.Stdout);
        Assert.Contains("generated", llama.Stdout);
        Assert.Contains("first token", llama.Stdout);

        var refused = await CliProcess.RunAsync(dir.Path, "generate", "--system", "openai:http://127.0.0.1:9/v1#m", "--prompt", "x");
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Contains("cannot connect", refused.Stderr);

        var badSpec = await CliProcess.RunAsync(dir.Path, "generate", "--system", "llamacpp:missing.gguf", "--prompt", "x");
        Assert.Equal(2, badSpec.ExitCode);
    }
}

/// <summary>An <c>openai:</c> run against the loopback server (llama.cpp behind HTTP) equals the in-process <c>llamacpp:</c> run.</summary>
public class OpenAiRunTests
{
    [Fact]
    public async Task An_openai_run_over_loopback_equals_the_llamacpp_run_and_uses_the_servers_concurrency()
    {
        using var dir = new TempDir();
        var suite = Cli.Harness.HarnessSetup.SuiteLoader.Load(TestSuites.OnDisk(dir.Path, 3, "mini"));
        using var backend = LlamaCppGenerator.Load(GenerationTestModel.Path, new LlamaCppOptions { Threads = 1, ContextSize = 512 });
        await using var server = await PatchBench.Generation.Tests.OpenAiLoopbackServer.StartAsync(backend);
        server.HeaderDelay = TimeSpan.FromMilliseconds(200);
        const string options = "template=raw,system=none,max_tokens=10";
        var resolver = Cli.Harness.HarnessSetup.Systems();
        var remote = resolver.Create(Systems.SystemSpec.Parse(
            $"openai:{server.BaseUrl}#{PatchBench.Generation.Tests.OpenAiLoopbackServer.ModelName},concurrency=3,{options}"),
            Cli.Harness.HarnessSetup.Context(suite));
        var local = resolver.Create(Systems.SystemSpec.Parse($"llamacpp:{GenerationTestModel.Path},threads=1,ctx=512,perplexity=false,{options}"),
            Cli.Harness.HarnessSetup.Context(suite));
        var plan = Runs.RunPlan.Create(suite, new Runs.RunPlanOptions(Samples: 2));
        var executor = new Runs.RunExecutor([new Scoring.ParseScorer()], new Runs.SilentProgress());
        var a = await executor.RunAsync(plan, remote, Path.Combine(dir.Path, "r"), false, CancellationToken.None);
        var b = await executor.RunAsync(plan, local, Path.Combine(dir.Path, "r"), false, CancellationToken.None);
        (local as IDisposable)?.Dispose();
        (remote as IDisposable)?.Dispose();
        Assert.Equal(0, a.Errors);
        var remoteSamples = a.Folder.ReadSamples().OrderBy(s => (s.ItemId, s.SampleIndex)).ToList();
        var localSamples = b.Folder.ReadSamples().OrderBy(s => (s.ItemId, s.SampleIndex)).ToList();
        Assert.Equal(6, remoteSamples.Count);
        Assert.Equal(localSamples.Select(s => s.Output), remoteSamples.Select(s => s.Output));
        Assert.Equal(localSamples.Select(s => s.Tokens!.Completion), remoteSamples.Select(s => s.Tokens!.Completion));
        Assert.Equal(localSamples.Select(s => s.Prompt), remoteSamples.Select(s => s.Prompt));
        Assert.All(remoteSamples, s => Assert.Equal("length", s.FinishReason));
        // Six samples, concurrency=3, --concurrency left at 1: the executor still kept three requests in flight.
        Assert.Equal(3, server.MaxInFlight);
        Assert.Null(a.Info.System.ModelFileHash);
        Assert.NotEqual(a.Folder.Directory, b.Folder.Directory);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_a_failed_sample_and_the_run_goes_on()
    {
        using var dir = new TempDir();
        var suite = Cli.Harness.HarnessSetup.SuiteLoader.Load(TestSuites.OnDisk(dir.Path, 3, "mini"));
        using var backend = LlamaCppGenerator.Load(GenerationTestModel.Path, new LlamaCppOptions { Threads = 1, ContextSize = 512 });
        await using var server = await PatchBench.Generation.Tests.OpenAiLoopbackServer.StartAsync(backend);
        // The first request is kept open with keep-alive comments forever; the read timeout never trips on it.
        server.Faults.Enqueue(new PatchBench.Generation.Tests.ServerFault.KeepAliveForever(TimeSpan.FromMilliseconds(50)));
        var spec = $"openai:{server.BaseUrl}#{PatchBench.Generation.Tests.OpenAiLoopbackServer.ModelName},template=raw,system=none,max_tokens=6,deadline_s=3";
        using var system = (IDisposable)Cli.Harness.HarnessSetup.Systems().Create(Systems.SystemSpec.Parse(spec), Cli.Harness.HarnessSetup.Context(suite));
        var plan = Runs.RunPlan.Create(suite, new Runs.RunPlanOptions(Samples: 1));
        var result = await new Runs.RunExecutor([new Scoring.ParseScorer()], new Runs.SilentProgress())
            .RunAsync(plan, (Systems.ISystemUnderTest)system, Path.Combine(dir.Path, "r"), false, CancellationToken.None);
        var samples = result.Folder.ReadSamples().ToList();
        Assert.Equal(3, samples.Count);
        var failed = Assert.Single(samples, s => s.Error is not null);
        Assert.Contains("no complete answer within deadline_s=3", failed.Error);
        Assert.Equal("", failed.Output);
        Assert.All(samples.Where(s => s.Error is null), s => Assert.NotEmpty(s.Output));
        Assert.Equal(1, result.Errors);
        Assert.Equal(3, server.Requests);
    }
}
