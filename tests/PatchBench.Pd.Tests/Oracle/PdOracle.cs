using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PatchBench.Pd.Tests.Oracle;

/// <summary>What Pd said about one patch.</summary>
/// <param name="Failed">True when Pd reported a load or DSP failure, or crashed.</param>
/// <param name="FailureLines">The stderr lines that count as failures (plus a line for a crash).</param>
/// <param name="Stderr">Everything Pd printed to stderr.</param>
/// <param name="TimedOut">True when Pd did not exit; such patches are left out of comparisons.</param>
public sealed record PdVerdict(bool Failed, IReadOnlyList<string> FailureLines, string Stderr, bool TimedOut);

/// <summary>
/// Runs patches in real headless Pd 0.53 and decides its verdict from stderr.
/// <para>
/// Pd is run as <c>pd -nogui -nosound -nomidi -noprefs -batch -stderr -open PATCH -send "pd dsp 1" -send "pd quit"</c>
/// in the patch's folder, inside bubblewrap (read-only file system, no network) when it is installed:
/// the patch is loaded (loadbangs fire), DSP is switched on once (so the DSP graph is sorted and checked),
/// and Pd quits before any scheduler tick.
/// </para>
/// <para>
/// Pd's verdict is "failed" when Pd crashes, or when stderr holds one of the lines Pd prints for a patch it
/// cannot load as written: an object that "couldn't create" (or "didn't return a patchable object"), a
/// "connection failed", a record Pd rejects ("canvas: no method for …", "canvasmaker: no method for …",
/// "bad arguments for message '…' to object 'canvas'", "#X: no such object" and other '#'-tag targets,
/// "canvas_restore: out of context", "unable to create stub …", "array …: only 'float' type understood"),
/// or a DSP-sort failure ("audio signal outlet connected to nonsignal inlet", "DSP loop detected").
/// Everything else is not a failure of the patch: what the patch prints itself, startup banners of
/// externals, notices ("** ignoring width or font settings …"), and run-time errors of objects doing their
/// job at load time ("tabwrite~: no such array", "soundfiler read: … no such table", "read failed") — Debian's own
/// help patches print those, and Pd does not treat them as broken patches.
/// </para>
/// </summary>
public static partial class PdOracle
{
    [GeneratedRegex(@"couldn't create|didn't return a patchable object|connection failed|^error: (canvas|canvasmaker): no method for|" +
                    @"bad arguments for message '[^']*' to object 'canvas'|^error: #\S*: no such object|canvas_restore: out of context|" +
                    @"unable to create stub|only 'float' type understood|audio signal outlet connected to nonsignal inlet|DSP loop detected")]
    private static partial Regex FailureLine();

    /// <summary>True when a stderr line means the patch failed to load or to build its DSP graph.</summary>
    public static bool IsFailureLine(string line) => FailureLine().IsMatch(line);

    private static readonly Lazy<bool> HasBwrap = new(() => File.Exists("/usr/bin/bwrap")
        && Run("/usr/bin/bwrap", ["--ro-bind", "/", "/", "--dev", "/dev", "true"], "/", 10_000).ExitCode == 0);

    /// <summary>Runs Pd on one patch file (already on disk) and classifies its stderr.</summary>
    public static PdVerdict Judge(string patchPath)
    {
        string dir = Path.GetDirectoryName(patchPath)!;
        var pdArgs = new List<string> { "-nogui", "-nosound", "-nomidi", "-noprefs", "-batch", "-stderr", "-open", patchPath, "-send", "pd dsp 1", "-send",
            "pd quit" };
        (int ExitCode, string Stderr, bool TimedOut) result;
        if (HasBwrap.Value)
            result = Run("/usr/bin/bwrap",
                ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--die-with-parent", "--chdir", dir, "pd", .. pdArgs], dir,
                    20_000);
        else
            result = Run("pd", pdArgs, dir, 20_000);
        var failures = result.Stderr.Split('\n').Where(IsFailureLine).Select(l => l.Trim()).ToList();
        if (!result.TimedOut && result.ExitCode != 0) failures.Add($"pd exited with code {result.ExitCode} (crash)");
        return new PdVerdict(failures.Count > 0, failures, result.Stderr, result.TimedOut);
    }

    /// <summary>Judges many patches, <paramref name="parallelism"/> Pd processes at a time; results in input order.</summary>
    public static PdVerdict[] JudgeAll(IReadOnlyList<string> patchPaths, int parallelism)
    {
        var verdicts = new PdVerdict[patchPaths.Count];
        Parallel.For(0, patchPaths.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => verdicts[i] = Judge(patchPaths[i]));
        return verdicts;
    }

    private static (int ExitCode, string Stderr, bool TimedOut) Run(string file, IEnumerable<string> args, string dir, int killAfterMs)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        // A watchdog, not a test time limit: a patch stuck in a loadbang loop must not hang the suite.
        bool exited = p.WaitForExit(killAfterMs);
        if (!exited) { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } p.WaitForExit(); }
        _ = stdout.Result;
        return (exited ? p.ExitCode : -1, stderr.Result, !exited);
    }
}
