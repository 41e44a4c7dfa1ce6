using System.Security.Cryptography;
using System.Text;
using PatchBench.Execution.Audio;
using PatchBench.Execution.Events;
using PatchBench.Execution.PreCheck;
using PatchBench.Execution.Sandbox;
using PatchBench.Execution.Wrapper;
using PatchBench.Pd;
using PatchBench.Pd.Model;

namespace PatchBench.Execution;

/// <summary>
/// Runs one candidate in real Pd (0.53, headless, batch mode) through the wrapper patch, under a
/// launcher (bubblewrap, or none when explicitly allowed), and turns what happened into an
/// <see cref="ExecResult"/>. Each run gets its own folder, deleted afterwards.
/// </summary>
/// <param name="launcher">How Pd is started (confined or not).</param>
/// <param name="pdBinary">Pd's executable (the real file, not Debian's alternatives link, which the sandbox does not show).</param>
public sealed class PdExecutor(IPdLauncher launcher, string pdBinary)
{
    /// <summary>The file name the candidate gets in its run folder; Pd names its root canvas after it.</summary>
    public const string CandidateFileName = "candidate.pd";

    private static int runCounter;

    /// <summary>Where run folders go (default <see cref="WorkDirectories.Root"/>); a separate one lets tests see only their own runs.</summary>
    public string? WorkRoot { get; init; }

    /// <summary>The launcher in use.</summary>
    public IPdLauncher Launcher => launcher;

    /// <summary>An executor confined by bubblewrap, or, only when <paramref name="allowUnsandboxed"/>, unconfined where bubblewrap cannot run.</summary>
    /// <exception cref="SandboxUnavailableException">Bubblewrap cannot run here and unconfined runs were not allowed.</exception>
    public static PdExecutor Create(bool allowUnsandboxed = false, bool preferUnsandboxed = false)
    {
        var pd = FindPd() ?? throw new SandboxUnavailableException(
            "Pd is not installed (no 'pd' or /usr/bin/puredata); install the Debian package 'puredata-core'");
        if (preferUnsandboxed && allowUnsandboxed) return new PdExecutor(new UnconfinedLauncher(), pd);
        return Create(SandboxProbe.Capability, pd, allowUnsandboxed);
    }

    /// <summary>The decision of <see cref="Create(bool, bool)"/> for a given sandbox capability (separated so it can be tested).</summary>
    /// <exception cref="SandboxUnavailableException">The capability has no launcher and unconfined runs were not allowed.</exception>
    public static PdExecutor Create(SandboxCapability cap, string pd, bool allowUnsandboxed)
    {
        if (cap.Launcher is { } l) return new PdExecutor(l, pd);
        if (allowUnsandboxed) return new PdExecutor(new UnconfinedLauncher(), pd);
        throw new SandboxUnavailableException($"refusing to run an untrusted patch without a sandbox: {cap.Reason}. Pass --allow-unsandboxed to run it " +
            $"anyway, unconfined");
    }

    /// <summary>The same executor with run folders under <paramref name="root"/>.</summary>
    public PdExecutor WithWorkRoot(string root) => new(launcher, pdBinary) { WorkRoot = root };

    /// <summary>Pd's real executable: <c>pd</c> on PATH with links resolved, or Debian's /usr/bin/puredata.</summary>
    public static string? FindPd()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "pd");
            if (!File.Exists(candidate)) continue;
            var real = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            if (File.Exists(real)) return real;
        }
        return File.Exists("/usr/bin/puredata") ? "/usr/bin/puredata" : null;
    }

    /// <summary>Runs one patch. <paramref name="slot"/> is the pool's worker number (informational; the sandbox user is per run).</summary>
    public async Task<ExecResult> RunAsync(ExecRequest request, ExecOptions options, int slot = 0, CancellationToken cancel = default)
    {
        var patch = PdParser.Parse(request.PatchText);
        var dangers = DangerScan.Scan(patch);
        var baseResult = new ExecResult
        {
            Path = request.SourcePath,
            Stage = ExecStage.None,
            Diagnostics = patch.Diagnostics,
            Dangers = dangers,
            Sandbox = launcher.Name,
            Seconds = options.Seconds,
        };
        if (patch.HasErrors) return baseResult;

        // Each run its own number, so launchers can give it its own user id.
        int run = Interlocked.Increment(ref runCounter);
        var nonce = "pbx" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var dir = WorkDirectories.Create(WorkRoot);
        try
        {
            var capturePath = Path.Combine(dir, $"{nonce}-capture.wav");
            var instrumented = options.CaptureAudio ? DacInstrumentation.Instrument(request.PatchText, patch, nonce)
                : new InstrumentedPatch(request.PatchText, 0, 0);
            var wrapperPath = Path.Combine(dir, $"{nonce}-wrapper.pd");
            // Its own random name, not the wrapper's: the console parser drops every line that mentions the wrapper's nonce.
            var framePrint = options.Display && options.CaptureFrames ? "pbf" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()
                : null;
            await File.WriteAllTextAsync(wrapperPath, WrapperPatch.Build(nonce, options.Seconds, instrumented.Channels, nonce, capturePath, options.SampleRate),
                cancel);
            var samplerPath = Path.Combine(dir, $"{nonce}-frames.pd");
            if (framePrint is not null) await File.WriteAllTextAsync(samplerPath, WrapperPatch.FrameSamplerFile(framePrint), cancel);

            var readOnly = new List<string>();
            var overlays = new List<(string, string)>();
            string candidateInside;
            string candidateName;
            if (request.InPlace && request.SourcePath is { } src)
            {
                // The candidate appears at its own path (folder read-only), with the instrumented text laid over the file.
                candidateInside = Path.GetFullPath(src);
                candidateName = Path.GetFileName(candidateInside);
                var copy = Path.Combine(dir, $"{nonce}-candidate.pd");
                await File.WriteAllTextAsync(copy, instrumented.Text, new UTF8Encoding(false), cancel);
                readOnly.Add(Path.GetDirectoryName(candidateInside)!);
                if (launcher.Confined) overlays.Add((copy, candidateInside));
                else candidateInside = copy;
            }
            else
            {
                candidateInside = Path.Combine(dir, CandidateFileName);
                candidateName = CandidateFileName;
                await File.WriteAllTextAsync(candidateInside, instrumented.Text, new UTF8Encoding(false), cancel);
            }
            if (options.Display)
            {
                if (!VirtualDisplay.Available)
                    return baseResult with { Stage = ExecStage.Parse,
                        Events = [new PdEvent(PdEventKind.HarnessError, PdEventSeverity.Error,
                        $"profile '{options.Profile!.Name}' needs a virtual X server: install the Debian packages " +
                        $"{string.Join(" ", options.Profile.DebianPackages)}", PdRunPhase.Load)] };
                Directory.CreateDirectory(Path.Combine(dir, "tmp"));
                if (launcher.Confined) overlays.AddRange(VirtualDisplay.EtcLinks(options.Profile!.LibraryFolder));
            }
            launcher.PrepareWorkDirectory(dir, run);

            var pdArgs = new List<string> { "-nogui", "-nosound", "-nomidi", "-noprefs", "-nrt", "-batch", "-stderr", "-r",
                options.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (options.Profile is { } profile) pdArgs.AddRange(profile.PdArguments);
            if (request.InPlace && request.SourcePath is { } s2 && !launcher.Confined)
                pdArgs.AddRange(["-path", Path.GetDirectoryName(Path.GetFullPath(s2))!]);
            // The frame sampler opens first, so its chain exists when a candidate's loadbang creates the Gem window.
            if (framePrint is not null) pdArgs.AddRange(["-open", samplerPath]);
            pdArgs.AddRange(["-open", candidateInside, "-open", wrapperPath]);

            var (binary, arguments) = options.Display ? VirtualDisplay.Wrap(pdBinary, pdArgs) : (pdBinary, pdArgs);
            var psi = launcher.Build(binary, arguments, new SandboxLayout(dir, readOnly, overlays, PrivateTmp: options.Display), options.EffectiveLimits, run);
            ProcessOutcome outcome;
            try
            {
                outcome = await PdProcessRunner.RunAsync(psi, options.EffectiveWallClockLimit, options.MaxOutputBytes, cancel);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
            {
                return baseResult with { Stage = ExecStage.Parse,
                    Events = [new PdEvent(PdEventKind.HarnessError, PdEventSeverity.Error, $"could not start Pd: {ex.Message}", PdRunPhase.Load)] };
            }

            return Judge(baseResult, patch, candidateName, nonce, outcome, instrumented.Channels > 0 ? capturePath : null, options.KeepCapture, framePrint);
        }
        finally
        {
            launcher.AfterRun(run);
            if (!options.KeepWorkDirectory) WorkDirectories.Delete(dir);
        }
    }

    /// <summary>Turns the raw outcome into the verdict. Pure apart from reading the capture file.</summary>
    private static ExecResult Judge(ExecResult baseResult, PdPatch patch, string candidateName, string nonce, ProcessOutcome outcome, string? capturePath,
        bool keepCapture = false, string? framePrint = null)
    {
        var printBoxes = patch.Canvases.SelectMany(c => c.Boxes).Where(b => b.Kind == PdBoxKind.Object && b.ClassName == "print").ToList();
        var printNames = printBoxes.Select(b => b.Arguments.Count == 0 ? "print" : string.Join(' ', b.Arguments.Select(a => a.Value))).ToHashSet();
        if (framePrint is not null) printNames.Add(framePrint);
        bool unnamed = printBoxes.Any(b => b.Arguments.Count > 0 && b.Arguments[0].Value == "-n");
        var parsed = PdConsoleParser.Parse(outcome.Lines, nonce, printNames, unnamed);
        var events = EventLocator.Locate(parsed.Events, patch, candidateName).ToList();
        var m = parsed.Markers;
        var phase = m.Done ? PdRunPhase.Quit : m.DspOn ? PdRunPhase.Run : m.Loaded ? PdRunPhase.DspStart : PdRunPhase.Load;

        if (outcome.OutputLimited)
            events.Add(new PdEvent(PdEventKind.OutputLimit, PdEventSeverity.Error, "Pd printed more console output than the harness keeps; it was killed",
                phase));
        else if (outcome.TimedOut)
            events.Add(new PdEvent(PdEventKind.Timeout, PdEventSeverity.Error,
                $"Pd did not finish within the wall-clock limit ({outcome.Elapsed.TotalSeconds:0.#} s); it was killed", phase));
        else if (outcome.ExitCode > 128)
            events.Add(new PdEvent(PdEventKind.Crash, PdEventSeverity.Error,
                $"Pd was killed by signal {outcome.ExitCode - 128} ({SignalName(outcome.ExitCode - 128)})", phase));
        else if (!m.Done)
            events.Add(new PdEvent(PdEventKind.Crash, PdEventSeverity.Error,
                $"Pd exited (code {outcome.ExitCode}) before the timed stretch ended; did the patch quit Pd?", phase));
        else if (outcome.ExitCode != 0)
            events.Add(new PdEvent(PdEventKind.Crash, PdEventSeverity.Error, $"Pd exited with code {outcome.ExitCode}", phase));

        bool loadFailed = events.Any(e => e.Kind is PdEventKind.CouldntCreate or PdEventKind.ConnectionFailed
            || (e.Phase == PdRunPhase.Load && e.Kind is PdEventKind.OutOfMemory));
        var stage = !m.Loaded || loadFailed ? ExecStage.Parse
            : m.Done && !events.Any(e => e.IsError) ? ExecStage.Run
            : ExecStage.Load;

        AudioReport? audio = null;
        AudioBuffer? capture = null;
        if (capturePath is not null && m.Done && File.Exists(capturePath))
        {
            try
            {
                var buffer = WavReader.Read(File.ReadAllBytes(capturePath));
                audio = AudioAnalysis.Analyse(buffer);
                if (keepCapture) capture = buffer;
            }
            catch (InvalidDataException ex) { events.Add(new PdEvent(PdEventKind.HarnessError, PdEventSeverity.Warning,
                $"audio capture unreadable: {ex.Message}", PdRunPhase.Quit)); }
        }

        var printed = events.Where(e => e.Kind == PdEventKind.Print).Select(e => new PrintedLine(e.PrintName ?? "", e.PrintValue ?? "", e.Line)).ToArray();
        var frames = framePrint is null ? [] : FrameSamples.Collect(printed, framePrint);
        return baseResult with
        {
            Stage = stage,
            Events = framePrint is null ? events : events.Where(e => e.PrintName != framePrint).ToList(),
            Printed = framePrint is null ? printed : printed.Where(p => p.Name != framePrint).ToArray(),
            Frames = frames,
            Audio = audio,
            Capture = capture,
            Duration = outcome.Elapsed,
            ExitCode = outcome.ExitCode,
        };
    }

    private static string SignalName(int sig) => sig switch
    {
        6 => "SIGABRT", 9 => "SIGKILL: likely the memory limit or an out-of-memory kill", 11 => "SIGSEGV: Pd crashed",
        24 => "SIGXCPU: CPU-time limit", 25 => "SIGXFSZ: file-size limit", _ => "signal",
    };
}

/// <summary>Bubblewrap cannot confine Pd here and the caller did not allow unconfined runs.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
