namespace PatchBench.Execution.Sandbox;

/// <summary>Resource limits applied to every Pd run (as rlimits on the Pd process, inherited by anything it spawns).</summary>
/// <param name="MemoryBytes">Address-space limit (<c>RLIMIT_AS</c>); Pd 0.53 itself needs about 30 MB.</param>
/// <param name="CpuSeconds">CPU-time limit (<c>RLIMIT_CPU</c>); Pd is killed by SIGXCPU past it.</param>
/// <param name="FileSizeBytes">Largest file Pd may write (<c>RLIMIT_FSIZE</c>).</param>
/// <param name="Processes">Most processes the sandbox user may have (<c>RLIMIT_NPROC</c>); exact when the harness runs as root (each worker gets its own user
/// id).</param>
/// <param name="OpenFiles">Most open file descriptors (<c>RLIMIT_NOFILE</c>).</param>
public sealed record SandboxLimits(
    long MemoryBytes = 1L << 30,
    int CpuSeconds = 20,
    long FileSizeBytes = 64L << 20,
    int Processes = 8,
    int OpenFiles = 64);

/// <summary>What a run may see: its writable work folder, read-only extra folders, and files laid over paths.</summary>
/// <param name="WorkDirectory">The run's own folder on the host, writable inside at the same path.</param>
/// <param name="ReadOnlyDirectories">Host folders visible read-only at the same path (besides the system ones).</param>
/// <param name="FileOverlays">Host files shown at another path inside (used to run an instrumented copy in place of a read-only original).</param>
/// <param name="PrivateTmp">Show the work folder's <c>tmp</c> as <c>/tmp</c> (the virtual X server's socket and lock live there).</param>
public sealed record SandboxLayout(
    string WorkDirectory,
    IReadOnlyList<string> ReadOnlyDirectories,
    IReadOnlyList<(string HostFile, string InsidePath)> FileOverlays,
    bool PrivateTmp = false)
{
    /// <summary>The host folder shown as <c>/tmp</c> when <see cref="PrivateTmp"/>.</summary>
    public string TmpDirectory => Path.Combine(WorkDirectory, "tmp");
}
