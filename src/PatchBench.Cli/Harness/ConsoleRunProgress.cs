using System.Diagnostics;
using System.Globalization;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using Spectre.Console;

namespace PatchBench.Cli.Harness;

/// <summary>Live counts of one run, shared by both progress displays.</summary>
internal sealed class RunCounter(string system, int total, int alreadyDone)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    public string System { get; } = system;
    public int Total { get; } = total;
    public int AlreadyDone { get; } = alreadyDone;
    public int Done { get; private set; }
    public int Passed { get; private set; }
    public int Judged { get; private set; }
    public string? PassMetric { get; private set; }
    public long CompletionTokens { get; private set; }

    public void Add(SampleRecord record)
    {
        Done++;
        CompletionTokens += record.Tokens?.Completion ?? 0;
        // The live pass rate follows the most demanding pass metric the scorers report.
        PassMetric ??= HeadlineMetrics.Order.Take(4).LastOrDefault(record.Scores.ContainsKey)
                       ?? record.Scores.Keys.Where(k => k.EndsWith("_ok", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (PassMetric is not null && record.Scores.TryGetValue(PassMetric, out var v)) { Judged++; if (v >= 0.5) Passed++; }
    }

    public double PerSecond => Done / Math.Max(_watch.Elapsed.TotalSeconds, 1e-3);

    public string Rates()
    {
        var parts = new List<string> { $"{PerSecond.ToString("0.0", CultureInfo.InvariantCulture)} samples/s" };
        if (CompletionTokens > 0) parts.Add($"{(CompletionTokens / Math.Max(_watch.Elapsed.TotalSeconds, 1e-3)).ToString("0", CultureInfo.InvariantCulture)} " +
            $"tok/s");
        if (Judged > 0) parts.Add($"{PassMetric} {(100.0 * Passed / Judged).ToString("0", CultureInfo.InvariantCulture)}%");
        return string.Join(", ", parts);
    }
}

/// <summary>Plain log lines (stdout is not a terminal): a line every 5% and at the end.</summary>
public sealed class LogRunProgress(TextWriter output) : IRunProgress
{
    private readonly Dictionary<string, RunCounter> _runs = [];

    /// <inheritdoc />
    public void Begin(string runId, string system, int total, int alreadyDone)
    {
        lock (_runs) _runs[runId] = new RunCounter(system, total, alreadyDone);
        output.WriteLine($"[{runId}] {system}: {total} samples, {alreadyDone} already done");
    }

    /// <inheritdoc />
    public void Completed(string runId, SampleRecord record)
    {
        lock (_runs)
        {
            var run = _runs[runId];
            run.Add(record);
            var todo = run.Total - run.AlreadyDone;
            var step = Math.Max(1, todo / 20);
            if (run.Done % step == 0 || run.Done == todo)
                output.WriteLine($"[{runId}] {run.AlreadyDone + run.Done}/{run.Total} ({run.Rates()})");
        }
    }

    /// <inheritdoc />
    public void Note(string runId, string message) => output.WriteLine($"[{runId}] {message}");

    /// <inheritdoc />
    public void End(string runId) { }
}

/// <summary>Spectre.Console progress bars, one per system, with samples/s, tokens/s, ETA and the live pass rate.</summary>
public sealed class SpectreRunProgress(ProgressContext context) : IRunProgress
{
    private readonly Dictionary<string, (ProgressTask Task, RunCounter Counter)> _runs = [];

    /// <inheritdoc />
    public void Begin(string runId, string system, int total, int alreadyDone)
    {
        var task = context.AddTask(Markup.Escape(system), maxValue: total);
        task.Value = alreadyDone;
        lock (_runs) _runs[runId] = (task, new RunCounter(system, total, alreadyDone));
    }

    /// <inheritdoc />
    public void Completed(string runId, SampleRecord record)
    {
        lock (_runs)
        {
            var (task, counter) = _runs[runId];
            counter.Add(record);
            task.Increment(1);
            task.Description = Markup.Escape($"{counter.System}: {counter.Rates()}");
        }
    }

    /// <inheritdoc />
    public void Note(string runId, string message) => AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");

    /// <inheritdoc />
    public void End(string runId)
    {
        lock (_runs) _runs[runId].Task.StopTask();
    }
}

/// <summary>Chooses the display: bars on an interactive terminal, log lines otherwise.</summary>
public static class RunProgressDisplay
{
    /// <summary>True when stdout is an interactive terminal.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with the right progress display.</summary>
    public static async Task<T> WithProgressAsync<T>(Func<IRunProgress, Task<T>> body)
    {
        if (!IsTerminal) return await body(new LogRunProgress(Console.Out));
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(ctx => body(new SpectreRunProgress(ctx)));
    }
}
