using PatchBench.Harness.Suites;
using PatchBench.Execution.Audio;
using PatchBench.Execution.Events;
using PatchBench.Execution.PreCheck;
using PatchBench.Pd;

namespace PatchBench.Execution;

/// <summary>The stages of DESIGN.md, in order; a result reports the last one reached.</summary>
public enum ExecStage
{
    /// <summary>Not even parsed: our parser found errors (Pd was not started).</summary>
    None,
    /// <summary>Our parser accepts the patch.</summary>
    Parse,
    /// <summary>Pd instantiated every object and connection without error.</summary>
    Load,
    /// <summary>The timed stretch with DSP on finished with no error, crash or timeout.</summary>
    Run,
}

/// <summary>One patch to run.</summary>
/// <param name="PatchText">The candidate's text.</param>
/// <param name="SourcePath">Where the text came from, if a file (used for reports and, with <paramref name="InPlace"/>, for its folder).</param>
/// <param name="InPlace">
/// Run it as if opened from <paramref name="SourcePath"/>: its folder is visible read-only, so
/// abstractions and sound files beside it resolve as in Pd. Off by default: an untrusted candidate
/// sees only its own empty folder.
/// </param>
public sealed record ExecRequest(string PatchText, string? SourcePath = null, bool InPlace = false);

/// <summary>How to run patches.</summary>
/// <param name="Seconds">Logical seconds to run with DSP on (batch mode runs faster than real time).</param>
/// <param name="WallClockLimit">Wall-clock time after which Pd is killed; default 10 s plus 2 s per logical second.</param>
/// <param name="Limits">Resource limits.</param>
/// <param name="MaxOutputBytes">Console output kept; past it Pd is killed (<see cref="PdEventKind.OutputLimit"/>).</param>
/// <param name="CaptureAudio">Record what reaches dac~ and analyse it.</param>
/// <param name="SampleRate">Pd's sample rate (-r).</param>
/// <param name="KeepWorkDirectory">Leave the run folder on disk (for debugging).</param>
/// <param name="KeepCapture">Also return the captured samples (<see cref="ExecResult.Capture"/>), e.g. for functional checks that analyse a time
/// window.</param>
/// <remarks><see cref="Profile"/> picks the libraries Pd loads; a display profile (Gem) runs under a virtual X server.</remarks>
public sealed record ExecOptions(
    double Seconds = 1.0,
    TimeSpan? WallClockLimit = null,
    Sandbox.SandboxLimits? Limits = null,
    int MaxOutputBytes = 1 << 20,
    bool CaptureAudio = true,
    int SampleRate = 44100,
    bool KeepWorkDirectory = false,
    bool KeepCapture = false)
{
    /// <summary>The object profile: which libraries Pd loads (null: vanilla).</summary>
    public PdProfile? Profile { get; init; }

    /// <summary>Sample the rendered Gem frames (<see cref="ExecResult.Frames"/>); only under a display profile.</summary>
    public bool CaptureFrames { get; init; }

    /// <summary>True when Pd runs under a virtual X server.</summary>
    public bool Display => Profile?.Display ?? false;

    /// <summary>The effective wall-clock limit (a display run also starts an X server and renders in software).</summary>
    public TimeSpan EffectiveWallClockLimit => WallClockLimit ?? TimeSpan.FromSeconds((Display ? 20 : 10) + 2 * Seconds);

    /// <summary>The effective resource limits: CPU time at least the wall-clock limit.</summary>
    public Sandbox.SandboxLimits EffectiveLimits
    {
        get
        {
            var l = Limits ?? new Sandbox.SandboxLimits();
            return l with { CpuSeconds = Math.Max(l.CpuSeconds, (int)Math.Ceiling(EffectiveWallClockLimit.TotalSeconds) + 1) };
        }
    }
}

/// <summary>One line a [print] printed.</summary>
/// <param name="Name">The print's name (<c>print</c> when unnamed, empty for <c>print -n</c>).</param>
/// <param name="Value">What it printed.</param>
/// <param name="Line">Line of the print box in the candidate, when known.</param>
public sealed record PrintedLine(string Name, string Value, int? Line);

/// <summary>One rendered Gem frame, sampled on a grid of points after everything else was drawn.</summary>
/// <param name="Number">Frame number since the window was created (0-based).</param>
/// <param name="Points">Colour (red, green, blue in 0..1) at each grid point, row by row.</param>
/// <param name="PrintedBefore">How many <see cref="ExecResult.Printed"/> lines came before this frame (places it among observation markers).</param>
public sealed record FrameSample(int Number, IReadOnlyList<(double R, double G, double B)> Points, int PrintedBefore);

/// <summary>The outcome of running one patch.</summary>
public sealed record ExecResult
{
    /// <summary>The file run, if any.</summary>
    public string? Path { get; init; }

    /// <summary>True when the patch reached <see cref="ExecStage.Run"/>.</summary>
    public bool Ok => Stage == ExecStage.Run;

    /// <summary>The last stage reached.</summary>
    public required ExecStage Stage { get; init; }

    /// <summary>Events in the order they happened (Pd's and the harness's).</summary>
    public IReadOnlyList<PdEvent> Events { get; init; } = [];

    /// <summary>Everything [print] printed.</summary>
    public IReadOnlyList<PrintedLine> Printed { get; init; } = [];

    /// <summary>The sampled Gem frames, in render order (only with <see cref="ExecOptions.CaptureFrames"/> under a display profile).</summary>
    public IReadOnlyList<FrameSample> Frames { get; init; } = [];

    /// <summary>Analysis of what reached dac~, or null when the patch has no dac~ (or capture was off or failed).</summary>
    public AudioReport? Audio { get; init; }

    /// <summary>The raw capture (what reached dac~, from the start of the timed stretch), only with <see cref="ExecOptions.KeepCapture"/>.</summary>
    public AudioBuffer? Capture { get; init; }

    /// <summary>Risky objects and messages seen before running.</summary>
    public IReadOnlyList<DangerFinding> Dangers { get; init; } = [];

    /// <summary>Our parser's findings.</summary>
    public IReadOnlyList<PdDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Wall-clock time of the Pd process (0 when not started).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Pd's exit code (128 + N for signal N), null when not started. Not a verdict: Pd exits 0 after most errors.</summary>
    public int? ExitCode { get; init; }

    /// <summary><c>bubblewrap</c> or <c>none</c>.</summary>
    public string Sandbox { get; init; } = "none";

    /// <summary>The logical seconds run.</summary>
    public double Seconds { get; init; }
}
