using System.Diagnostics;

namespace PatchBench.Execution.CatalogProbe;

/// <summary>
/// A time limit per step of a batch run: Pd is killed when a step (a line for which
/// <see cref="StartsStep"/> is true starts one) runs longer than <see cref="Timeout"/>.
/// </summary>
/// <param name="StartsStep">True for the stderr line that begins a new step (the probe's <c>MARK: begin N</c>).</param>
/// <param name="Timeout">How long one step may take, counted from its first line (or from Pd's start for the first).</param>
public sealed record StepTimeout(Func<string, bool> StartsStep, TimeSpan Timeout);

/// <summary>What a batch run of Pd printed, and whether it was killed for a step that took too long.</summary>
/// <param name="Lines">Pd's stderr lines, in order, up to the end or the kill.</param>
/// <param name="TimedOut">True when Pd was killed by the <see cref="StepTimeout"/>; the last step begun did not finish.</param>
/// <param name="ExitCode">Pd's exit code (the kill's when timed out).</param>
public sealed record PdBatchOutput(IReadOnlyList<string> Lines, bool TimedOut, int ExitCode);

/// <summary>Runs a trusted patch in headless Pd (<c>-batch</c>, no audio, MIDI or GUI) and returns what it printed.</summary>
public interface IPdBatchRunner
{
    /// <summary>Runs <paramref name="patchPath"/> until it sends <c>pd quit</c> (or a step exceeds <paramref name="stepTimeout"/>); returns Pd's stderr
    /// lines.</summary>
    Task<PdBatchOutput> RunAsync(string patchPath, StepTimeout? stepTimeout = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Starts <c>pd -nogui -nosound -nomidi -noprefs -batch -stderr -open PATCH</c>. Only for the
/// project's own probe patches: it runs without the sandbox that candidate patches need.
/// </summary>
/// <param name="PdPath">The Pd executable (default <c>pd</c> from PATH).</param>
public sealed record PdBatchRunner(string PdPath = "pd") : IPdBatchRunner
{
    private static readonly string[] BatchFlags = ["-nogui", "-nosound", "-nomidi", "-noprefs", "-batch", "-stderr"];

    /// <summary>How often the step clock is looked at: the kill comes at most this late.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Extra Pd flags before <c>-open</c>, e.g. <c>-lib Gem</c> to probe a library profile.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The version <c>pd -version</c> prints, e.g. <c>0.53.1</c>.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(PdPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-version");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {PdPath}");
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var m = System.Text.RegularExpressions.Regex.Match(text, @"Pd-(\d+\.\d+(?:\.\d+)?)");
        return m.Success ? m.Groups[1].Value : "unknown";
    }

    /// <inheritdoc />
    public async Task<PdBatchOutput> RunAsync(string patchPath, StepTimeout? stepTimeout = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(PdPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(patchPath))!,
        };
        foreach (var a in BatchFlags.Concat(Arguments).Concat(["-open", Path.GetFullPath(patchPath)]))
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {PdPath}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"could not start Pd as '{PdPath}': {ex.Message} (install puredata-core or pass --pd PATH)", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var lines = new List<string>();
            var stepClock = Stopwatch.StartNew();
            var reading = ReadLinesAsync(process.StandardError, line =>
            {
                // The reader thread restarts the clock; the loop below only reads it.
                if (stepTimeout is not null && stepTimeout.StartsStep(line)) lock (stepClock) stepClock.Restart();
                lock (lines) lines.Add(line);
            }, cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var timedOut = false;
            try
            {
                while (!reading.IsCompleted)
                {
                    await Task.WhenAny(reading, Task.Delay(WatchInterval, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    TimeSpan elapsed;
                    lock (stepClock) elapsed = stepClock.Elapsed;
                    if (stepTimeout is not null && !reading.IsCompleted && elapsed > stepTimeout.Timeout)
                    {
                        // A box that loops forever (or never returns from DSP) would hold the whole probe: kill
                        // this Pd; the caller records the step as not probed and goes on with the rest.
                        timedOut = true;
                        process.Kill(entireProcessTree: true);
                        break;
                    }
                }
                await reading;
                await stdout;
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                throw;
            }
            lock (lines) return new PdBatchOutput(lines.ToArray(), timedOut, process.ExitCode);
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            line = line.TrimEnd('\r');
            if (line.Length > 0) onLine(line);
        }
    }
}
