using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Runs;

/// <summary>How a run executes.</summary>
/// <param name="GenerationConcurrency">Samples generated at once (1 for a local model; more for an HTTP server).</param>
/// <param name="ScoringConcurrency">Samples scored at once.</param>
/// <param name="BufferedSamples">Generated samples that may wait for a scorer before generation pauses.</param>
/// <param name="BootstrapResamples">Resamples behind every bootstrap interval.</param>
/// <param name="FlushToDisk">fsync after each batch of records (the default, and what makes a kill lose nothing written);
/// false only to measure the harness's own overhead apart from the disk.</param>
public sealed record RunExecutorOptions(int GenerationConcurrency = 1, int ScoringConcurrency = 2, int BufferedSamples = 16,
    int BootstrapResamples = Bootstrap.DefaultResamples, bool FlushToDisk = true);

/// <summary>What a run or score invocation did.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Info">The run.json written at the end.</param>
/// <param name="Done">Samples processed by this invocation.</param>
/// <param name="Skipped">Samples already on disk and skipped.</param>
/// <param name="RedoneDamagedLine">The damaged last line that was cut and redone, or null.</param>
/// <param name="Errors">Samples with an error among all of the run's samples.</param>
public sealed record RunResult(RunFolder Folder, RunInfo Info, int Done, int Skipped, DamagedTail? RedoneDamagedLine, int Errors);

/// <summary>
/// Runs one system over a plan into its run folder: skips samples already in samples.jsonl, generates the rest and
/// scores them in a pipeline (bounded channels, so scoring one sample never waits for the next generation), appends
/// each finished record with an fsync, and writes run.json with the aggregates at the end.
/// </summary>
public sealed class RunExecutor(IReadOnlyList<ISampleScorer> scorers, IRunProgress progress, RunExecutorOptions? options = null)
{
    private readonly RunExecutorOptions _options = options ?? new RunExecutorOptions();

    /// <summary>Generates (and unless <paramref name="generateOnly"/>, scores) every unfinished sample of the plan.</summary>
    public async Task<RunResult> RunAsync(RunPlan plan, ISystemUnderTest system, string resultsDirectory, bool generateOnly,
        CancellationToken cancellationToken)
    {
        var modelHash = system.Spec.ModelFileHash();
        var runId = plan.RunId(system.Spec, modelHash);
        var folder = new RunFolder(Path.Combine(resultsDirectory, runId));
        var identity = new RunInfo
        {
            RunId = runId,
            Suite = new SuiteIdentity(plan.Suite.Name, plan.Suite.Version, plan.Suite.Hash) { Source = plan.Suite.Source },
            System = new SystemIdentity(system.Spec.Canonical, system.Spec.Hash, system.Spec.Backend, modelHash, system.Spec.Option("template"),
                new SortedDictionary<string, string>(system.Spec.Options.ToDictionary(o => o.Key, o => o.Value), StringComparer.Ordinal))
            {
                Model = system.Model,
            },
            Plan = plan.Identity(),
            Harness = MachineProbe.Harness(),
            Machine = MachineProbe.Describe(),
            StartedAt = DateTimeOffset.UtcNow,
        };
        using var writerLock = folder.Lock();
        if (folder.Exists)
        {
            var existing = folder.ReadInfo();
            if (existing.Suite.Hash != identity.Suite.Hash || existing.System.SpecHash != identity.System.SpecHash || existing.Plan.PlanHash
                != identity.Plan.PlanHash)
                throw new HarnessInputException($"{folder.RunFile}: belongs to a different suite, system or plan; refusing to mix results (move the folder " +
                    $"away)");
            identity = identity with { StartedAt = existing.StartedAt };
        }
        folder.WriteInfo(identity);
        folder.WriteItems(plan.Items.Select(i => new ItemRecord(i.Id, i.Prompt, i.Category, i.Difficulty, i.ReferencePatch)));

        var (records, damaged) = OpenSamples(folder, runId);
        var byKey = records.ToDictionary(r => (r.ItemId, r.SampleIndex));
        var pending = new List<PendingSample>();
        var skipped = 0;
        foreach (var unit in plan.Units)
        {
            if (!byKey.TryGetValue((unit.Item.Id, unit.SampleIndex), out var have)) pending.Add(new PendingSample(unit.Item, unit.SampleIndex, null));
            else if (have.Scored || generateOnly) skipped++;
            else pending.Add(new PendingSample(unit.Item, unit.SampleIndex, have));
        }
        progress.Begin(runId, system.Spec.Canonical, skipped + pending.Count, skipped);
        if (skipped > 0) progress.Note(runId, $"resuming: {skipped} samples already done, {pending.Count} to do");
        await ProcessAsync(folder, runId, pending, system, generateOnly, cancellationToken);
        var result = Finish(folder, identity, pending.Count, skipped, damaged, plan.Units.Count(), _options.BootstrapResamples, plan.Options.Seed);
        progress.End(runId);
        return result;
    }

    /// <summary>Scores every unscored sample of a generated run (<c>patchbench score RUN</c>).</summary>
    public async Task<RunResult> ScoreAsync(RunFolder folder, BenchSuite suite, CancellationToken cancellationToken)
    {
        var info = folder.ReadInfo();
        using var writerLock = folder.Lock();
        if (info.Suite.Hash != suite.Hash)
            throw new HarnessInputException($"{folder.RunFile}: generated from suite hash {info.Suite.Hash[..12]}, but the suite given has hash " +
                $"{suite.Hash[..12]}");
        var items = suite.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var (records, damaged) = OpenSamples(folder, info.RunId);
        var pending = new List<PendingSample>();
        foreach (var r in records.Where(r => !r.Scored))
        {
            if (!items.TryGetValue(r.ItemId, out var item)) throw new HarnessInputException(
                $"{folder.SamplesPath}: item '{r.ItemId}' is not in suite '{suite.Name}'");
            pending.Add(new PendingSample(item, r.SampleIndex, r));
        }
        var skipped = records.Count - pending.Count;
        progress.Begin(info.RunId, info.System.Spec, records.Count, skipped);
        await ProcessAsync(folder, info.RunId, pending, system: null, generateOnly: false, cancellationToken);
        var result = Finish(folder, info, pending.Count, skipped, damaged, info.Plan.ItemIds.Count * info.Plan.Samples, _options.BootstrapResamples,
            info.Plan.Seed);
        progress.End(info.RunId);
        return result;
    }

    /// <summary>Writes run.json with aggregates computed from the folder's samples; used after runs, scoring and merges.</summary>
    public RunInfo Summarise(RunFolder folder, RunInfo info, int plannedSamples, int resamples, int seed)
    {
        var records = folder.ReadSamples();
        var metrics = MetricsOf(records, info.Metrics);
        var aggregator = new RunAggregator(metrics, resamples, seed);
        var scoredCount = records.Count(r => r.Scored);
        var status = scoredCount >= plannedSamples ? "complete" : records.Count >= plannedSamples ? "generated" : "incomplete";
        var updated = info with
        {
            Metrics = metrics,
            FinishedAt = DateTimeOffset.UtcNow,
            Status = status,
            Aggregates = scoredCount == 0 ? null : aggregator.Aggregate(records, MachineProbe.PeakMemoryBytes(), MachineProbe.GpuMemoryUsedMib()),
        };
        folder.WriteInfo(updated);
        return updated;
    }

    private RunResult Finish(RunFolder folder, RunInfo info, int done, int skipped, DamagedTail? damaged, int planned, int resamples, int seed)
    {
        // score appends scored copies of generated records: keep one line per sample.
        var all = SamplesFile.Read(folder.SamplesPath).Records;
        var latest = SamplesFile.Latest(all);
        if (latest.Count != all.Count) SamplesFile.Rewrite(folder.SamplesPath, latest);
        var updated = Summarise(folder, info, planned, resamples, seed);
        return new RunResult(folder, updated, done, skipped, damaged, latest.Count(r => r.Error is not null));
    }

    private List<MetricDefinition> MetricsOf(IReadOnlyList<SampleRecord> records, IEnumerable<MetricDefinition> known)
    {
        var metrics = known.Concat(scorers.SelectMany(s => s.Metrics)).Append(HeadlineMetrics.DegenerateDefinition).ToList();
        if (records.Any(r => r.Scores.ContainsKey(HeadlineMetrics.ReferencePerplexity))) metrics.Add(HeadlineMetrics.ReferencePerplexityDefinition);
        return metrics.DistinctBy(m => m.Name).ToList();
    }

    private (IReadOnlyList<SampleRecord> Records, DamagedTail? Damaged) OpenSamples(RunFolder folder, string runId)
    {
        var content = SamplesFile.Read(folder.SamplesPath);
        if (content.DamagedTail is { } tail)
        {
            progress.Note(runId, $"{folder.SamplesPath}:{tail.Line}: damaged last line ({tail.Problem}); cutting it off and redoing that sample");
            SamplesFile.CutDamagedTail(folder.SamplesPath, content);
        }
        return (SamplesFile.Latest(content.Records), content.DamagedTail);
    }

    private sealed record PendingSample(BenchItem Item, int SampleIndex, SampleRecord? Generated);

    private async Task ProcessAsync(RunFolder folder, string runId, List<PendingSample> pending, ISystemUnderTest? system, bool generateOnly,
        CancellationToken ct)
    {
        if (pending.Count == 0) return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = linked.Token;
        var toGenerate = Channel.CreateUnbounded<PendingSample>();
        foreach (var p in pending) toGenerate.Writer.TryWrite(p);
        toGenerate.Writer.Complete();
        var toScore = Channel.CreateBounded<(BenchItem Item,
            SampleRecord Record)>(new BoundedChannelOptions(_options.BufferedSamples) { SingleReader = false });
        var toWrite = Channel.CreateBounded<SampleRecord>(new BoundedChannelOptions(_options.BufferedSamples) { SingleReader = true });

        async Task Generate()
        {
            await foreach (var p in toGenerate.Reader.ReadAllAsync(token))
                await toScore.Writer.WriteAsync((p.Item, p.Generated ?? await GenerateOneAsync(system!, p, token)), token);
        }

        async Task Score()
        {
            await foreach (var (item, generated) in toScore.Reader.ReadAllAsync(token))
                await toWrite.Writer.WriteAsync(generateOnly ? generated : await ScoreOneAsync(item, generated, token), token);
        }

        async Task Write()
        {
            using var writer = new SamplesWriter(folder.SamplesPath);
            var batch = new List<SampleRecord>();
            while (await toWrite.Reader.WaitToReadAsync(token))
            {
                // Group commit: everything finished meanwhile shares one fsync; each record is on disk before it counts as done.
                batch.Clear();
                while (toWrite.Reader.TryRead(out var record))
                {
                    writer.Append(record, flushToDisk: false);
                    batch.Add(record);
                }
                if (_options.FlushToDisk) writer.FlushToDisk();
                foreach (var record in batch) progress.Completed(runId, record);
            }
        }

        var writing = Write();
        // A system that serves requests in parallel (HTTP concurrency=N) gets at least that many generation workers.
        var generationWorkers = Math.Max(_options.GenerationConcurrency, (system as IConcurrentSystem)?.Concurrency ?? 1);
        var generators = Enumerable.Range(0, Math.Max(1, generationWorkers)).Select(_ => Task.Run(Generate, token)).ToArray();
        var scorersRunning = Enumerable.Range(0, Math.Max(1, _options.ScoringConcurrency)).Select(_ => Task.Run(Score, token)).ToArray();
        try
        {
            await Task.WhenAll(generators);
            toScore.Writer.Complete();
            await Task.WhenAll(scorersRunning);
            toWrite.Writer.Complete();
            await writing;
        }
        catch
        {
            // One stage failed: stop the others rather than waiting on channels nobody drains.
            await linked.CancelAsync();
            toScore.Writer.TryComplete();
            toWrite.Writer.TryComplete();
            await Task.WhenAll(generators.Concat(scorersRunning).Append(writing).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            throw;
        }
    }

    private static async Task<SampleRecord> GenerateOneAsync(ISystemUnderTest system, PendingSample p, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        SystemOutput output;
        string? error = null;
        try
        {
            output = await system.GenerateAsync(p.Item, p.SampleIndex, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed generation is a failed sample (scored as empty output), not a lost one.
            output = new SystemOutput("");
            error = $"generation: {ex.Message}";
        }
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var prompt = output.Prompt ?? p.Item.Prompt;
        var scores = new Dictionary<string, double>();
        if (output.ReferenceLogLikelihood?.Perplexity is { } perplexity) scores[HeadlineMetrics.ReferencePerplexity] = perplexity;
        return new SampleRecord
        {
            ItemId = p.Item.Id,
            SampleIndex = p.SampleIndex,
            Category = p.Item.Category,
            Difficulty = p.Item.Difficulty,
            PromptHash = RunPlan.Sha256(prompt),
            Prompt = prompt,
            Output = output.Text,
            Patch = output.Patch ?? output.Text,
            Scored = false,
            Scores = scores,
            Tokens = output.Tokens,
            // The harness's own clock stands in when the system measured nothing (reference, replay).
            Timings = new SampleTimings(output.Timings ?? new GenerationTimings { TotalMs = elapsed }),
            Error = error,
            FinishReason = output.FinishReason,
            Extraction = output.Extraction,
        };
    }

    private async Task<SampleRecord> ScoreOneAsync(BenchItem item, SampleRecord p, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var scores = new Dictionary<string, double>(p.Scores);
        var details = new Dictionary<string, JsonObject>(p.ScoreDetails);
        var errors = new List<string>();
        if (p.Error is not null) errors.Add(p.Error);
        foreach (var scorer in scorers)
        {
            try
            {
                var result = await scorer.ScoreAsync(item, p.Patch, ct);
                foreach (var (name, value) in result.Metrics) scores[name] = value;
                if (result.Details is not null) details[scorer.Name] = result.Details;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add($"scorer {scorer.Name}: {ex.Message}");
            }
        }
        scores[HeadlineMetrics.Degenerate] = DegenerateOutput.IsDegenerate(p.Output) ? 1 : 0;
        return p with
        {
            Scored = true,
            Scores = scores,
            ScoreDetails = details,
            Timings = p.Timings with { ScoringMs = watch.Elapsed.TotalMilliseconds },
            Error = errors.Count == 0 ? null : string.Join("; ", errors),
        };
    }
}
