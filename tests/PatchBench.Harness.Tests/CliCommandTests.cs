using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Cli;
using PatchBench.Cli.Commands;
using PatchBench.Harness.Records;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Tests;

/// <summary>The run/score/merge/compare/gate commands in process, checking exit codes and files.</summary>
public class CliCommandTests
{
    private static Task<int> Cli(params string[] args) => PatchBenchCommand.RunAsync(args);

    [Fact]
    public void Generate_json_writes_tokens_and_timings_as_samples_jsonl_does()
    {
        var timings = new GenerationTimings { TimeToFirstTokenMs = 1.5, PromptTokensPerSecond = 200, GenerationTokensPerSecond = 40, TotalMs = 12.5 };
        var output = new SystemOutput("out", Tokens: new TokenCounts(3, 7), Timings: timings);
        var json = GenerateCommand.Json(SystemSpec.Parse("empty"), "request", output);
        var record = new SampleRecord { ItemId = "a", SampleIndex = 0, Tokens = output.Tokens, Timings = new SampleTimings(timings) };
        var sample = JsonNode.Parse(JsonSerializer.Serialize(record, HarnessJsonContext.Default.SampleRecord))!;

        Assert.True(JsonNode.DeepEquals(sample["tokens"], json["tokens"]), json["tokens"]!.ToJsonString());
        var generated = json["timings"]!.AsObject();
        Assert.Equal(12.5, generated["total_ms"]!.GetValue<double>());
        generated.Remove("total_ms");
        var recorded = sample["timings"]!.AsObject();
        recorded.Remove("scoring_ms");
        Assert.True(JsonNode.DeepEquals(recorded, generated), generated.ToJsonString());
    }

    [Fact]
    public async Task Run_compare_and_gate_exit_codes()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 24);
        var results = Path.Combine(dir.Path, "results");
        Assert.Equal(0, await Cli("run", "--suite", suite, "--system", "reference", "--system", "empty", "--out", results));
        var reference = Directory.GetDirectories(results).Single(d => Path.GetFileName(d).Contains("-reference-"));
        var empty = Directory.GetDirectories(results).Single(d => Path.GetFileName(d).Contains("-empty-"));

        var md = Path.Combine(dir.Path, "cmp.md");
        Assert.Equal(0, await Cli("compare", reference, empty, "--out", md));
        Assert.Contains("| parse_ok | 1 | 0 | -1 |", File.ReadAllText(md));
        Assert.Equal(0, await Cli("compare", reference, empty, "--format", "json", "--out", Path.Combine(dir.Path, "cmp.json")));

        var junit = Path.Combine(dir.Path, "gate.xml");
        var summary = Path.Combine(dir.Path, "summary.md");
        Assert.Equal(1, await Cli("gate", "--baseline", reference, "--candidate", empty, "--metric", "parse_ok:0.1", "--junit", junit, "--summary", summary));
        Assert.Contains("<failure", File.ReadAllText(junit));
        Assert.Contains("FAILED", File.ReadAllText(summary));
        Assert.Equal(0, await Cli("gate", "--baseline", empty, "--candidate", reference, "--metric", "parse_ok:0"));
        Assert.Equal(1, await Cli("gate", "--baseline", reference, "--candidate", empty));   // default: every shared metric
        Assert.Equal(2, await Cli("gate", "--baseline", empty, "--candidate", reference, "--metric", "no_such_metric:0"));

        // A run of a different suite (one item changed) is refused with exit 2.
        var changed = TestSuites.OnDisk(Path.Combine(dir.Path, "v2"), 24);
        File.AppendAllText(Directory.GetFiles(Path.Combine(changed, "items"), "*.yaml").Order(StringComparer.Ordinal).First(), "# edited\n");
        Assert.Equal(0, await Cli("run", "--suite", changed, "--system", "empty", "--out", Path.Combine(dir.Path, "results2")));
        var otherSuiteRun = Directory.GetDirectories(Path.Combine(dir.Path, "results2")).Single();
        Assert.Equal(2, await Cli("gate", "--baseline", reference, "--candidate", otherSuiteRun));
        Assert.Equal(2, await Cli("compare", reference, otherSuiteRun));
    }

    [Fact]
    public async Task Generate_only_score_shards_and_merge_through_the_cli()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 10);
        var results = Path.Combine(dir.Path, "results");
        for (var i = 1; i <= 2; i++)
            Assert.Equal(0, await Cli("run", "--suite", suite, "--system", "reference", "--shard", $"{i}/2", "--generate-only", "--out", results));
        var shards = Directory.GetDirectories(results).Order().ToArray();
        Assert.Equal(2, shards.Length);
        Assert.Equal(2, await Cli("merge", shards[0], shards[1], "--out", Path.Combine(dir.Path, "merged")));   // not scored yet
        foreach (var s in shards) Assert.Equal(0, await Cli("score", s));
        Assert.Equal(0, await Cli("merge", shards[0], shards[1], "--out", Path.Combine(dir.Path, "merged")));
        var merged = Directory.GetDirectories(Path.Combine(dir.Path, "merged")).Single();
        Assert.DoesNotContain("shard", Path.GetFileName(merged));
        Assert.Equal(10, File.ReadAllLines(Path.Combine(merged, "samples.jsonl")).Length);
    }

    [Fact]
    public async Task Run_file_in_yaml_says_the_same_and_command_line_options_override_it()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 12);
        var results = Path.Combine(dir.Path, "results");
        var runFile = Path.Combine(dir.Path, "run.yaml");
        File.WriteAllText(runFile, $"""
            suite: {suite}
            systems:
              - empty
              - backend: reference
                options:
                  delay_ms: 0
            samples: 2
            limit: 5
            seed: 4
            out: {results}
            """);
        Assert.Equal(0, await Cli("run", "--file", runFile));
        var runs = Directory.GetDirectories(results);
        Assert.Equal(2, runs.Length);
        Assert.All(runs, r => Assert.Equal(10, File.ReadAllLines(Path.Combine(r, "samples.jsonl")).Length));
        Assert.Contains(runs, r => Path.GetFileName(r).Contains("-reference-"));

        Assert.Equal(0, await Cli("run", "--file", runFile, "--samples", "1", "--out", Path.Combine(dir.Path, "override")));
        Assert.All(Directory.GetDirectories(Path.Combine(dir.Path, "override")), r =>
            Assert.Equal(5, File.ReadAllLines(Path.Combine(r, "samples.jsonl")).Length));

        File.WriteAllText(runFile, "suite: x\nsytems: [reference]\n");
        Assert.Equal(2, await Cli("run", "--file", runFile));   // unknown key, named with its line
    }

    [Theory]
    [InlineData("run", "--suite", "/nonexistent/suite", "--system", "reference")]
    [InlineData("run", "--suite", "SUITE", "--system", "nosuchbackend")]
    [InlineData("run", "--suite", "SUITE", "--system", "reference", "--shard", "3/2")]
    [InlineData("run", "--suite", "SUITE", "--system", "reference", "--items", "nope")]
    [InlineData("score", "/nonexistent/run")]
    [InlineData("gate", "--baseline", "/nonexistent/a", "--candidate", "/nonexistent/b")]
    public async Task User_mistakes_exit_with_2(params string[] args)
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 3);
        var resolved = args.Select(a => a == "SUITE" ? suite : a).ToList();
        if (args[0] == "run") resolved.AddRange(["--out", Path.Combine(dir.Path, "r")]);
        Assert.Equal(2, await Cli([.. resolved]));
    }
}
