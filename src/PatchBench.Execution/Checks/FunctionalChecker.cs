using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Suites;
using PatchBench.Pd;

namespace PatchBench.Execution.Checks;

/// <summary>Runs one patch text in the sandbox; the seam the checker uses (a <see cref="PdExecutor"/> or a pool).</summary>
public interface IPatchRunner
{
    /// <summary>Runs <paramref name="request"/> with <paramref name="options"/>.</summary>
    Task<ExecResult> RunAsync(ExecRequest request, ExecOptions options, CancellationToken cancel);
}

/// <summary>Runs patches with a <see cref="PdExecutor"/>, at most <paramref name="concurrency"/> at a time.</summary>
/// <param name="executor">The sandboxed executor.</param>
/// <param name="concurrency">Concurrent Pd processes.</param>
public sealed class ExecutorRunner(PdExecutor executor, int concurrency = 2) : IPatchRunner, IDisposable
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, concurrency));

    /// <inheritdoc />
    public async Task<ExecResult> RunAsync(ExecRequest request, ExecOptions options, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel);
        try { return await executor.RunAsync(request, options, 0, cancel); }
        finally { gate.Release(); }
    }

    /// <summary>Releases the concurrency gate; a runner lives as long as the scorers that use it.</summary>
    public void Dispose() => gate.Dispose();
}

/// <summary>All checks of one item on one patch.</summary>
/// <param name="Outcomes">One verdict per check, in item order.</param>
/// <param name="Stage">The furthest stage any play reached (run when every play ran).</param>
public sealed record FunctionalReport(IReadOnlyList<CheckOutcome> Outcomes, ExecStage Stage)
{
    /// <summary>Checks passed.</summary>
    public int Passed => Outcomes.Count(o => o.Passed);

    /// <summary>Fraction passed (1 when there are no checks).</summary>
    public double Fraction => Outcomes.Count == 0 ? 1 : Passed / (double)Outcomes.Count;

    /// <summary>Every check passed.</summary>
    public bool AllPassed => Outcomes.All(o => o.Passed);
}

/// <summary>
/// Plays an item's functional checks on a candidate inside the sandbox: each check on a freshly
/// opened, instrumented copy (<see cref="CheckPlanner"/>), observing prints and the dac~ capture,
/// then <see cref="CheckComparison"/>. The reference's observations for from-reference checks are
/// computed once per item, reference text and check, and cached for the life of the checker.
/// </summary>
/// <param name="runner">Where patches run (sandboxed).</param>
public sealed class FunctionalChecker(IPatchRunner runner)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<CheckObservation>>> referenceCache = new();

    /// <summary>Checks <paramref name="candidate"/> against every check of <paramref name="item"/>.</summary>
    public Task<FunctionalReport> CheckAsync(SuiteItem item, string candidate, CancellationToken cancel = default) =>
        CheckAsync(SuiteBenchLoader.ToBenchItem(item), candidate, cancel);

    /// <summary>Checks <paramref name="candidate"/> against every check of <paramref name="item"/>.</summary>
    public async Task<FunctionalReport> CheckAsync(BenchItem item, string candidate, CancellationToken cancel = default)
    {
        var tasks = item.Checks.Select(c => CheckOneAsync(item, c, candidate, cancel)).ToArray();
        var outcomes = await Task.WhenAll(tasks);
        var stages = outcomes.Select(o => o.Stage).DefaultIfEmpty(ExecStage.Run).Min();
        return new FunctionalReport(outcomes.Select(o => o.Outcome).ToArray(), stages);
    }

    /// <summary>Checks one check.</summary>
    public async Task<(CheckOutcome Outcome, ExecStage Stage)> CheckOneAsync(BenchItem item, FunctionalCheck check, string candidate,
        CancellationToken cancel = default)
    {
        bool needsReference = check.Expect.Outputs is FromReference || check.Expect.Audio?.LikeReference is not null;
        var refTask = needsReference ? ReferenceAsync(item, check, cancel) : Task.FromResult<CheckObservation?>(null);
        var observed = await ObserveAsync(candidate, check, cancel, item.Profile);
        if (observed.Failure is { } f)
            return (new CheckOutcome(check.Name, false, "", "", [f]), observed.Observation.Stage);
        var reference = await refTask;
        return (CheckComparison.Judge(check, observed.Observation, reference), observed.Observation.Stage);
    }

    private async Task<CheckObservation?> ReferenceAsync(BenchItem item, FunctionalCheck check, CancellationToken cancel)
    {
        var key = item.Id + "\0" + check.Name + "\0" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(item.ReferencePatch)));
        var lazy = referenceCache.GetOrAdd(key, _ => new Lazy<Task<CheckObservation>>(async () =>
        {
            var (obs, _) = await ObserveAsync(item.ReferencePatch, check, CancellationToken.None, item.Profile);
            return obs;
        }));
        var result = await lazy.Value.WaitAsync(cancel);
        return result;
    }

    /// <summary>
    /// Plays <paramref name="check"/> on <paramref name="patchText"/> under <paramref name="profile"/> (null: vanilla) and returns
    /// what it showed, or why it could not be played.
    /// </summary>
    public async Task<(CheckObservation Observation, string? Failure)> ObserveAsync(string patchText, FunctionalCheck check, CancellationToken cancel,
        PdProfile? profile = null)
    {
        var patch = PdParser.Parse(patchText);
        if (patch.HasErrors)
            return (new CheckObservation(ExecStage.None, [], [], []), "the patch does not parse: "
                + patch.Diagnostics.First(d => d.Severity == PdSeverity.Error).Message);
        var nonce = "pbc" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var (plan, failure) = CheckPlanner.Plan(patchText, patch, check, nonce);
        if (plan is null) return (new CheckObservation(ExecStage.Parse, [], [], []), failure!.Message);
        bool audio = plan.Windows.Count > 0;
        var options = new ExecOptions(Seconds: Math.Max(0.02, plan.TotalMs / 1000 + 0.02), CaptureAudio: audio, KeepCapture: audio)
        {
            Profile = profile,
            CaptureFrames = check.Expect.Frames is not null,
        };
        var result = await runner.RunAsync(new ExecRequest(plan.Text), options, cancel);
        return (Observe(plan, result), null);
    }

    /// <summary>Turns a run's prints and capture into observations. Pure.</summary>
    public static CheckObservation Observe(CheckPlan plan, ExecResult result)
    {
        var observations = new List<IReadOnlyList<ObservedValue>>();
        var current = new List<ObservedValue>();
        var taps = Enumerable.Range(1, plan.Outputs.Count).ToDictionary(plan.OutputTap, n => n);
        foreach (var line in result.Printed)
        {
            if (line.Name == plan.MarkerName)
            {
                observations.Add(MergeEchoes(current, plan));
                current = [];
            }
            else if (taps.TryGetValue(line.Name, out int n)) current.Add(new ObservedValue(n, line.Value));
        }
        var audio = result.Capture is { } cap ? plan.Windows.Select(w => AudioMeasures.Measure(cap, w)).ToArray() : [];
        var errors = result.Events.Where(e => e.IsError).Select(e => e.Message).Take(5).ToArray();
        return new CheckObservation(result.Stage, observations, audio, errors) { Frames = FramesByObservation(plan, result, observations.Count) };
    }

    /// <summary>
    /// The frames rendered before each observation marker and after the previous one: a frame's place among the printed
    /// lines (<see cref="FrameSample.PrintedBefore"/>) says how many markers came before it. Frames after the last marker are dropped.
    /// </summary>
    private static List<FrameSample>[] FramesByObservation(CheckPlan plan, ExecResult result, int observations)
    {
        if (result.Frames.Count == 0) return [];
        var markersBefore = new int[result.Printed.Count + 1];
        for (int i = 0; i < result.Printed.Count; i++)
            markersBefore[i + 1] = markersBefore[i] + (result.Printed[i].Name == plan.MarkerName ? 1 : 0);
        var groups = Enumerable.Range(0, observations).Select(_ => new List<FrameSample>()).ToArray();
        foreach (var f in result.Frames)
        {
            int k = markersBefore[Math.Min(f.PrintedBefore, result.Printed.Count)];
            if (k < observations) groups[k].Add(f);
        }
        return groups;
    }

    /// <summary>A display box echoing the value a print or outlet got at the same moment counts once (adjacent equal values, one from a display).</summary>
    private static List<ObservedValue> MergeEchoes(List<ObservedValue> values, CheckPlan plan)
    {
        bool IsDisplay(ObservedValue v) => plan.Outputs[v.Output - 1].Kind == OutputKind.Display;
        var merged = new List<ObservedValue>();
        foreach (var v in values)
        {
            if (merged.Count > 0 && merged[^1].Value == v.Value && merged[^1].Output != v.Output && (IsDisplay(v) || IsDisplay(merged[^1])))
            {
                // Keep the non-display one, so by-output comparison names the print/outlet.
                if (IsDisplay(merged[^1])) merged[^1] = v;
                continue;
            }
            merged.Add(v);
        }
        return merged;
    }
}
