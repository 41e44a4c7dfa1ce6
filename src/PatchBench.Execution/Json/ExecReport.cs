using System.Text.Json;
using System.Text.Json.Serialization;
using PatchBench.Execution.Audio;
using PatchBench.Execution.Events;

namespace PatchBench.Execution.Json;

/// <summary>The JSON form of <see cref="ExecResult"/> printed by <c>patchbench exec --format json</c> (DESIGN.md: <c>ok</c>, <c>stage</c>, <c>events</c>,
/// <c>duration_ms</c>, …).</summary>
public sealed record ExecReport(
    string? Path, bool Ok, string Stage, double DurationMs, string Sandbox, int? ExitCode, double Seconds,
    IReadOnlyList<EventReport> Events, IReadOnlyList<PrintedReport> Printed, AudioJson? Audio,
    IReadOnlyList<DangerReport> Dangers, IReadOnlyList<DiagnosticReport> Diagnostics,
    int EventsTotal = 0, int EventsDropped = 0, int PrintedTotal = 0, int PrintedDropped = 0)
{
    /// <summary>
    /// Events (and printed values) a report keeps: a patch that prints in a loop yields tens of thousands, and the
    /// report becomes one line of samples.jsonl. The totals and the dropped counts say how many there were.
    /// </summary>
    public const int MaxEvents = 200;

    /// <summary>Converts a result, keeping at most <see cref="MaxEvents"/> events (errors first, then the earliest; in order).</summary>
    public static ExecReport From(ExecResult r)
    {
        var events = Bounded(r.Events);
        var printed = r.Printed.Take(MaxEvents).Select(p => new PrintedReport(p.Name, p.Value, p.Line)).ToArray();
        return new(
        r.Path, r.Ok, StageName(r.Stage), Math.Round(r.Duration.TotalMilliseconds, 1), r.Sandbox, r.ExitCode, r.Seconds,
        events,
        printed,
        r.Audio is { } a ? AudioJson.From(a) : null,
        r.Dangers.Select(d => new DangerReport(d.Code, d.Line, d.Message)).ToArray(),
        r.Diagnostics.Select(d => new DiagnosticReport(d.Line, d.Column, d.Code, d.Severity == Pd.PdSeverity.Error ? "error" : "warning", d.Message)).ToArray(),
        r.Events.Count, r.Events.Count - events.Length, r.Printed.Count, r.Printed.Count - printed.Length);
    }

    // Errors are what a reader of a failed run needs, so they are kept before the other events; the kept ones stay in order.
    private static EventReport[] Bounded(IReadOnlyList<PdEvent> all)
    {
        if (all.Count <= MaxEvents) return all.Select(EventReport.From).ToArray();
        var errors = Enumerable.Range(0, all.Count).Where(i => all[i].IsError).Take(MaxEvents).ToList();
        var others = Enumerable.Range(0, all.Count).Where(i => !all[i].IsError).Take(MaxEvents - errors.Count);
        return errors.Concat(others).Order().Select(i => EventReport.From(all[i])).ToArray();
    }

    /// <summary>The stage's JSON name: <c>none</c>, <c>parse</c>, <c>load</c>, <c>run</c>.</summary>
    public static string StageName(ExecStage s) => s.ToString().ToLowerInvariant();

    /// <summary>A snake_case name for an enum value (<c>CouldntCreate</c> → <c>couldnt_create</c>).</summary>
    public static string Snake<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Serializes with the source-generated context, indented.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ExecJsonContext.Default.ExecReport);

    /// <summary>Serializes many reports as a JSON array.</summary>
    public static string ToJson(IReadOnlyList<ExecReport> reports) => JsonSerializer.Serialize(reports, ExecJsonContext.Default.IReadOnlyListExecReport);
}

/// <summary>An event in JSON.</summary>
public sealed record EventReport(string Kind, string Severity, string Phase, string Message, int? Line, IReadOnlyList<int>? BoxPath,
    string? Object, string? Canvas, IReadOnlyList<int>? Connection, IReadOnlyList<string>? Classes, string? PrintName, string? PrintValue)
{
    /// <summary>Converts an event.</summary>
    public static EventReport From(PdEvent e) => new(ExecReport.Snake(e.Kind), ExecReport.Snake(e.Severity), ExecReport.Snake(e.Phase), e.Message,
        e.Line, e.BoxPath, e.Object, e.Canvas, e.Connection, e.Classes, e.PrintName, e.PrintValue);
}

/// <summary>A printed line in JSON.</summary>
public sealed record PrintedReport(string Name, string Value, int? Line);

/// <summary>A danger finding in JSON.</summary>
public sealed record DangerReport(string Code, int Line, string Message);

/// <summary>A parser diagnostic in JSON (as <c>lint --format json</c>).</summary>
public sealed record DiagnosticReport(int Line, int Column, string Code, string Severity, string Message);

/// <summary>The audio analysis in JSON.</summary>
public sealed record AudioJson(int SampleRate, double Seconds, bool Silent, IReadOnlyList<double> BandEdgesHz, IReadOnlyList<ChannelJson> Channels)
{
    /// <summary>Converts a report, rounding for readability.</summary>
    public static AudioJson From(AudioReport a) => new(a.SampleRate, Math.Round(a.Seconds, 4), a.Silent,
        AudioAnalysis.BandEdgesHz(a.SampleRate).Select(e => Math.Round(e, 1)).ToArray(),
        a.Channels.Select(c => new ChannelJson(c.Channel, Math.Round(c.Rms, 6), Math.Round(c.Peak, 6), c.Silent, Math.Round(c.DominantHz, 1),
            c.Bands.Select(b => Math.Round(b, 4)).ToArray(), c.Clipped)).ToArray());
}

/// <summary>One channel in JSON.</summary>
public sealed record ChannelJson(int Channel, double Rms, double Peak, bool Silent, double DominantHz, IReadOnlyList<double> Bands, int Clipped);

/// <summary>System.Text.Json source generation for the exec report (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecReport))]
[JsonSerializable(typeof(IReadOnlyList<ExecReport>))]
public sealed partial class ExecJsonContext : JsonSerializerContext;
