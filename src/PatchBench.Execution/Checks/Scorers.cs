using System.Text.Json.Nodes;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Suites;

namespace PatchBench.Execution.Checks;

/// <summary>
/// <c>exec</c>: runs the patch for one logical second in the sandbox and reports the stage reached
/// (<c>load_ok</c>, <c>run_ok</c>) plus Pd's errors and the audio summary as details. Pd loads the libraries of the
/// item's profile (<see cref="BenchItem.Profile"/>); a Gem item runs under a virtual X server.
/// </summary>
/// <param name="runner">Sandboxed runner.</param>
public sealed class ExecScorer(IPatchRunner runner) : ISampleScorer
{
    /// <inheritdoc />
    public string Name => "exec";

    /// <inheritdoc />
    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(HeadlineMetrics.LoadOk, MetricKind.Pass, true, "Pd creates every object and connection (sandboxed)"),
        new(HeadlineMetrics.RunOk, MetricKind.Pass, true, "one logical second with DSP on, no error, crash or timeout (sandboxed)"),
    ];

    /// <inheritdoc />
    public async Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
    {
        var r = await runner.RunAsync(new ExecRequest(patch), new ExecOptions(Seconds: 1.0) { Profile = item.Profile }, cancellationToken);
        var metrics = new Dictionary<string, double>
        {
            [HeadlineMetrics.LoadOk] = r.Stage >= ExecStage.Load ? 1 : 0,
            [HeadlineMetrics.RunOk] = r.Stage >= ExecStage.Run ? 1 : 0,
        };
        var details = new JsonObject
        {
            ["stage"] = r.Stage.ToString().ToLowerInvariant(),
            ["sandbox"] = r.Sandbox,
            ["profile"] = item.Profile.Name,
            ["errors"] = new JsonArray(r.Events.Where(e => e.IsError).Take(20)
                .Select(e => (JsonNode)new JsonObject { ["line"] = e.Line, ["message"] = e.Message }).ToArray()),
            ["silent"] = r.Audio?.Silent,
            // What the patch printed in its first logical second (capped: a runaway print loop must not bloat the record).
            ["printed"] = new JsonArray(r.Printed.Take(MaxPrintedLines)
                .Select(p => (JsonNode)JsonValue.Create(p.Name.Length == 0 ? p.Value : $"{p.Name}: {p.Value}")).ToArray()),
            ["printed_total"] = r.Printed.Count,
            ["audio"] = r.Audio is { } a ? new JsonArray(a.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["channel"] = c.Channel,
                ["rms_dbfs"] = Math.Round(Dbfs(c.Rms), 1),
                ["peak_dbfs"] = Math.Round(Dbfs(c.Peak), 1),
                ["dominant_hz"] = Math.Round(c.DominantHz, 1),
                ["clipped"] = c.Clipped,
            }).ToArray()) : null,
        };
        return new ScoreResult(metrics, details);
    }

    /// <summary>Printed lines kept in a sample's details.</summary>
    public const int MaxPrintedLines = 50;

    // −200 dBFS stands for digital silence so the JSON never holds −∞.
    private static double Dbfs(double amplitude) => amplitude > 1e-10 ? 20 * Math.Log10(amplitude) : -200;
}

/// <summary>
/// <c>functional</c>: plays the item's functional checks (<see cref="FunctionalChecker"/>) and reports
/// <c>functional_fraction</c> (checks passed / checks) and <c>functional_pass</c> (all passed). Items without checks
/// get no metrics, only a note.
/// </summary>
/// <param name="checker">The checker (its reference cache lives as long as it).</param>
public sealed class FunctionalScorer(FunctionalChecker checker) : ISampleScorer
{
    /// <summary>Fraction of checks passed.</summary>
    public const string Fraction = "functional_fraction";

    /// <inheritdoc />
    public string Name => "functional";

    /// <inheritdoc />
    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(HeadlineMetrics.FunctionalPass, MetricKind.Pass, true, "every functional check passes"),
        new(Fraction, MetricKind.Mean, true, "fraction of the item's functional checks that pass"),
    ];

    /// <inheritdoc />
    public async Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
    {
        if (item.Checks.Count == 0)
            return new ScoreResult(new Dictionary<string, double>(), new JsonObject { ["note"] = "no functional checks (load-checked only)" });
        var report = await checker.CheckAsync(item, patch, cancellationToken);
        var metrics = new Dictionary<string, double>
        {
            [HeadlineMetrics.FunctionalPass] = report.AllPassed ? 1 : 0,
            [Fraction] = report.Fraction,
        };
        var details = ToJson(report);
        // Checks suite import derived from the reference's own behaviour are counted apart, so no one reads them as authored.
        if (item.Checks.Any(c => c.Derived))
        {
            details["derived_checks"] = item.Checks.Count(c => c.Derived);
            // Outcomes come in the item's check order: mark each derived one where it is shown.
            if (details["checks"] is JsonArray shown)
                for (var i = 0; i < shown.Count && i < item.Checks.Count; i++)
                    if (item.Checks[i].Derived && shown[i] is JsonObject o) o["derived"] = true;
        }
        return new ScoreResult(metrics, details);
    }

    /// <summary>The report as the site shows it: per check, pass/fail, expected vs observed, problems.</summary>
    public static JsonObject ToJson(FunctionalReport report) => new()
    {
        ["passed"] = report.Passed,
        ["checks"] = new JsonArray(report.Outcomes.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["passed"] = o.Passed,
            ["expected"] = o.Expected,
            ["observed"] = o.Observed,
            ["problems"] = new JsonArray(o.Problems.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
        }).ToArray()),
    };
}
