using System.Text.Json;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Tests;

public class RunExecutorTests
{
    private static readonly BenchSuite Suite = TestSuites.InMemory(30);
    private static readonly ISampleScorer[] Scorers = [new ParseScorer()];

    private static ISystemUnderTest System(string spec) => new SystemRegistry(BuiltInSystems.Backends)
        .Create(SystemSpec.Parse(spec), new SystemContext(Suite, new SuiteBenchLoader()));

    private static MetricSummary Metric(RunInfo info, string name) => info.Aggregates!.Overall.Metrics.Single(m => m.Name == name);

    [Fact]
    public async Task Reference_scores_perfectly_and_empty_scores_zero()
    {
        using var dir = new TempDir();
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 2));
        var executor = new RunExecutor(Scorers, new SilentProgress());
        var reference = await executor.RunAsync(plan, System("reference"), dir.Path, false, CancellationToken.None);
        var empty = await executor.RunAsync(plan, System("empty"), dir.Path, false, CancellationToken.None);

        Assert.Equal("complete", reference.Info.Status);
        Assert.Equal(60, reference.Done);
        Assert.Equal(1.0, Metric(reference.Info, "parse_ok").Mean);
        Assert.Equal(1.0, Metric(reference.Info, "box_count_match").PassAtK![2]);
        Assert.Equal(0.0, Metric(reference.Info, HeadlineMetrics.Degenerate).Mean);
        Assert.Equal(0.0, Metric(empty.Info, "parse_ok").Mean);
        Assert.Equal(0, Metric(empty.Info, "parse_ok").WilsonLow);
        Assert.Equal(3, reference.Info.Aggregates!.ByCategory.Count);
        Assert.Equal(2, reference.Info.Aggregates.ByDifficulty.Count);
        Assert.Equal(60, SamplesFile.Read(reference.Folder.SamplesPath).Records.Count);
        Assert.NotEqual(reference.Folder.Directory, empty.Folder.Directory);
        var record = reference.Folder.ReadSamples()[0];
        Assert.Equal(record.Patch, Suite.Items.Single(i => i.Id == record.ItemId).ReferencePatch);
        Assert.Equal(64, record.PromptHash.Length);
    }

    [Fact]
    public async Task Rerunning_resumes_and_does_nothing_when_complete()
    {
        using var dir = new TempDir();
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 1));
        var executor = new RunExecutor(Scorers, new SilentProgress());
        var first = await executor.RunAsync(plan, System("reference"), dir.Path, false, CancellationToken.None);
        var bytes = File.ReadAllBytes(first.Folder.SamplesPath);
        var second = await executor.RunAsync(plan, System("reference"), dir.Path, false, CancellationToken.None);
        Assert.Equal(0, second.Done);
        Assert.Equal(30, second.Skipped);
        Assert.Equal(bytes, File.ReadAllBytes(first.Folder.SamplesPath));
    }

    [Fact]
    public async Task Generate_only_then_score_equals_a_full_run()
    {
        using var dir = new TempDir();
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 2, Limit: 12, Seed: 5));
        var executor = new RunExecutor(Scorers, new SilentProgress());
        var generated = await executor.RunAsync(plan, System("reference"), Path.Combine(dir.Path, "a"), generateOnly: true, CancellationToken.None);
        Assert.Equal("generated", generated.Info.Status);
        Assert.Null(generated.Info.Aggregates);
        Assert.All(generated.Folder.ReadSamples(), r => Assert.False(r.Scored));

        var scored = await executor.ScoreAsync(generated.Folder, Suite, CancellationToken.None);
        Assert.Equal(24, scored.Done);
        Assert.Equal("complete", scored.Info.Status);
        Assert.Equal(24, File.ReadAllLines(generated.Folder.SamplesPath).Length);   // compacted: one line per sample

        var full = await executor.RunAsync(plan, System("reference"), Path.Combine(dir.Path, "b"), false, CancellationToken.None);
        Assert.Equal(Json(full.Info.Aggregates!.Overall), Json(scored.Info.Aggregates!.Overall));
    }

    [Fact]
    public async Task Scoring_of_a_sample_never_waits_for_the_next_generation()
    {
        // The system refuses to finish generating sample 2 until sample 1 has been scored: a generate-all-then-score
        // harness would deadlock here (the guard below turns that into a failure instead of a hang).
        using var dir = new TempDir();
        var scorer = new SignallingScorer();
        var system = new WaitingSystem(scorer.FirstScored);
        var suite = TestSuites.InMemory(3);
        var plan = RunPlan.Create(suite, new RunPlanOptions());
        var result = await new RunExecutor([scorer], new SilentProgress()).RunAsync(plan, system, dir.Path, false, CancellationToken.None);
        Assert.True(system.SawScoringFirst);
        Assert.Equal(3, result.Done);
    }

    [Fact]
    public async Task Generation_errors_become_failed_samples_with_the_error_recorded()
    {
        using var dir = new TempDir();
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Items: ["item-001", "item-002"]));
        var result = await new RunExecutor(Scorers, new SilentProgress()).RunAsync(plan, new FailingSystem(), dir.Path, false, CancellationToken.None);
        Assert.Equal(2, result.Errors);
        Assert.All(result.Folder.ReadSamples(), r => Assert.StartsWith("generation: backend exploded", r.Error));
        Assert.Equal(0.0, Metric(result.Info, "parse_ok").Mean);
    }

    [Fact]
    public async Task Resume_refuses_a_folder_of_another_plan()
    {
        using var dir = new TempDir();
        var executor = new RunExecutor(Scorers, new SilentProgress());
        var plan = RunPlan.Create(Suite, new RunPlanOptions());
        var first = await executor.RunAsync(plan, System("reference"), dir.Path, false, CancellationToken.None);
        var info = first.Folder.ReadInfo();
        first.Folder.WriteInfo(info with { Plan = info.Plan with { PlanHash = "something else" } });
        var ex = await Assert.ThrowsAsync<HarnessInputException>(() => executor.RunAsync(plan, System("reference"), dir.Path, false, CancellationToken.None));
        Assert.Contains("refusing to mix", ex.Message);
    }

    [Fact]
    public async Task Shards_merge_into_the_same_numbers_as_one_run_and_mismatched_shards_are_refused()
    {
        using var dir = new TempDir();
        var executor = new RunExecutor(Scorers, new SilentProgress());
        var whole = await executor.RunAsync(RunPlan.Create(Suite, new RunPlanOptions(Samples: 2)), System("reference"), Path.Combine(dir.Path, "whole"), false,
            CancellationToken.None);
        var shardDirs = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var r = await executor.RunAsync(RunPlan.Create(Suite, new RunPlanOptions(Samples: 2, Shard: new Shard(i, 3))), System("reference"),
                Path.Combine(dir.Path, "shards"), false, CancellationToken.None);
            shardDirs.Add(r.Folder.Directory);
        }
        var merged = RunMerger.Merge(shardDirs, Path.Combine(dir.Path, "merged"), executor);
        var info = merged.ReadInfo();
        Assert.Equal(whole.Info.RunId, info.RunId);
        Assert.Equal(whole.Info.Plan.ItemIds, info.Plan.ItemIds);
        Assert.Equal(Json(whole.Info.Aggregates!.Overall), Json(info.Aggregates!.Overall));

        Assert.Contains("shard 3/3 missing", Assert.Throws<HarnessInputException>(() =>
            RunMerger.Merge(shardDirs.Take(2).ToList(), Path.Combine(dir.Path, "m2"), executor)).Message);
        var other = await executor.RunAsync(RunPlan.Create(Suite, new RunPlanOptions(Samples: 2, Shard: new Shard(3, 3))), System("empty"),
            Path.Combine(dir.Path, "shards"), false, CancellationToken.None);
        var mixed = new List<string> { shardDirs[0], shardDirs[1], other.Folder.Directory };
        Assert.Contains("different system", Assert.Throws<HarnessInputException>(() => RunMerger.Merge(mixed, Path.Combine(dir.Path, "m3"), executor)).Message);
        var otherPlan = await executor.RunAsync(RunPlan.Create(Suite, new RunPlanOptions(Samples: 1, Shard: new Shard(3, 3))), System("reference"),
            Path.Combine(dir.Path, "shards"), false, CancellationToken.None);
        mixed[2] = otherPlan.Folder.Directory;
        Assert.Contains("different plan", Assert.Throws<HarnessInputException>(() => RunMerger.Merge(mixed, Path.Combine(dir.Path, "m4"), executor)).Message);
    }

    internal static string Json(GroupSummary summary) => JsonSerializer.Serialize(summary, HarnessJsonContext.Default.RunAggregates.Options);

    private sealed class SignallingScorer : ISampleScorer
    {
        public TaskCompletionSource FirstScored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "signal";
        public IReadOnlyList<MetricDefinition> Metrics { get; } = [new("signal_ok", MetricKind.Pass, true, "always 1")];
        public Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
        {
            FirstScored.TrySetResult();
            return Task.FromResult(new ScoreResult(new Dictionary<string, double> { ["signal_ok"] = 1 }));
        }
    }

    private sealed class WaitingSystem(TaskCompletionSource firstScored) : ISystemUnderTest
    {
        private int _calls;
        public bool SawScoringFirst { get; private set; } = true;
        public SystemSpec Spec { get; } = SystemSpec.Parse("waiting");
        public async Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 2)
            {
                // Deadlock guard only (not a speed requirement): a pipelined harness completes this at once.
                var finished = await Task.WhenAny(firstScored.Task, Task.Delay(TimeSpan.FromMinutes(2), cancellationToken));
                if (finished != firstScored.Task) SawScoringFirst = false;
            }
            return new SystemOutput(item.ReferencePatch);
        }
    }

    private sealed class FailingSystem : ISystemUnderTest
    {
        public SystemSpec Spec { get; } = SystemSpec.Parse("failing");
        public Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("backend exploded");
    }
}

public class ThroughputAggregationTests
{
    /// <summary>A backend that reports tokens, timings and the reference's log-likelihood: item n takes 10·n ms to first token.</summary>
    private sealed class MeasuredSystem : ISystemUnderTest
    {
        public SystemSpec Spec { get; } = SystemSpec.Parse("measured");
        public Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
        {
            var n = int.Parse(item.Id[^3..], System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(new SystemOutput(
                "```\n" + item.ReferencePatch + "```", Patch: item.ReferencePatch, Prompt: "[INST] " + item.Prompt + " [/INST]",
                Tokens: new TokenCounts(100, 50),
                Timings: new GenerationTimings { TimeToFirstTokenMs = 10.0 * n, PromptTokensPerSecond = 1000, GenerationTokensPerSecond = 20.0 * n,
                    TotalMs = 100.0 * n },
                ReferenceLogLikelihood: new Likelihood(-Math.Log(2) * 10, 10)));   // perplexity exactly 2
        }
    }

    [Fact]
    public async Task Run_json_summarises_ttft_speed_latency_tokens_memory_and_reference_perplexity()
    {
        using var dir = new TempDir();
        var suite = TestSuites.InMemory(5);   // items 1..5
        var result = await new RunExecutor([new ParseScorer()], new SilentProgress())
            .RunAsync(RunPlan.Create(suite, new RunPlanOptions()), new MeasuredSystem(), dir.Path, false, CancellationToken.None);
        var t = result.Info.Aggregates!.Throughput;
        Assert.Equal(new Distribution(5, 30, 30, 48, 49.6), t.TtftMs);           // 10..50 ms: p95 = 40 + 0.8·10
        Assert.Equal(60, t.GenerationTokensPerS!.Mean, 9);
        Assert.Equal(300, t.LatencyMs!.P50, 9);
        Assert.Equal(500, t.PromptTokens);
        Assert.Equal(250, t.CompletionTokens);
        Assert.True(t.PeakMemoryBytes > 1_000_000);
        var perplexity = result.Info.Aggregates.Overall.Metrics.Single(m => m.Name == HeadlineMetrics.ReferencePerplexity);
        Assert.Equal(2.0, perplexity.Mean, 9);
        Assert.False(perplexity.HigherIsBetter);
        var record = result.Folder.ReadSamples()[0];
        Assert.StartsWith("[INST] ", record.Prompt);
        Assert.Equal(RunPlan.Sha256(record.Prompt), record.PromptHash);
        Assert.StartsWith("```", record.Output);
        Assert.Equal(1, record.Scores["parse_ok"]);
    }
}
