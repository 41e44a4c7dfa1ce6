using System.Diagnostics;

namespace PatchBench.Execution.Sandbox;

/// <summary>
/// Confines Pd with bubblewrap: new user, PID, network, IPC, UTS and cgroup namespaces
/// (<c>--unshare-all</c>), no capabilities, a read-only root holding only <c>/usr</c> (and the
/// <c>/lib*</c>, <c>/bin</c> links into it), a private <c>/proc</c> and minimal <c>/dev</c>, and
/// the run's own folder writable. rlimits are set by <c>prlimit</c> just before Pd starts.
/// When the harness is root, each run gets its own unprivileged user id (via <c>setpriv</c>)
/// so that the process limit counts only that run's processes and no host file is writable by it.
/// </summary>
/// <param name="bwrapPath">Path of the bwrap binary.</param>
/// <param name="dropToWorkerUser">Run each run as its own user <see cref="UserIdFor"/> (requires root).</param>
public sealed class BubblewrapLauncher(string bwrapPath, bool dropToWorkerUser) : IPdLauncher
{
    /// <summary>First of the user ids runs get when the harness is root; far above any real account.</summary>
    public const int FirstWorkerUid = 1_700_000_000;

    /// <inheritdoc/>
    public string Name => "bubblewrap";

    /// <inheritdoc/>
    public bool Confined => true;

    /// <summary>True when workers run under their own user ids.</summary>
    public bool DropsToWorkerUser => dropToWorkerUser;

    /// <inheritdoc/>
    public void PrepareWorkDirectory(string path, int slot)
    {
        if (!dropToWorkerUser) return;
        int uid = UserIdFor(slot);
        foreach (var p in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Prepend(path))
            if (!NativeProcess.Chown(p, uid, uid))
                throw new IOException($"cannot give {p} to the sandbox user {uid}");
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to wait for: each run has its own user id (see <see cref="UserIdFor"/>).</remarks>
    public void AfterRun(int slot) { }

    /// <summary>Distinct user ids handed out in turn; a PID namespace's processes (and zombies the host's init has not yet reaped) are gone long before an id
    /// comes round again.</summary>
    public const int UserIdCount = 1 << 20;

    /// <summary>
    /// The user id a run gets. Every run has its own, so the process limit counts only that run's
    /// processes: the kernel tears a PID namespace down asynchronously and orphans are reaped late,
    /// and those would otherwise count against the next run.
    /// </summary>
    public static int UserIdFor(int run) => FirstWorkerUid + (int)((uint)run % UserIdCount);

    /// <summary>The bwrap arguments that set up the confined file system (before the command).</summary>
    public static List<string> FileSystemArguments(SandboxLayout layout)
    {
        var a = new List<string>
        {
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr",
        };
        // /lib, /lib64, /bin, /sbin are links into /usr on merged-/usr systems; bind them as they are.
        foreach (var top in new[] { "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) a.AddRange(["--symlink", target, top]);
            else if (Directory.Exists(top)) a.AddRange(["--ro-bind", top, top]);
        }
        a.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        // Only "localhost" resolves (to the sandbox's own loopback): help patches connect to it at load.
        a.AddRange(["--dir", "/etc", "--ro-bind", WorkDirectories.HostsFile, "/etc/hosts"]);
        foreach (var dir in layout.ReadOnlyDirectories)
            if (!dir.StartsWith("/usr/", StringComparison.Ordinal)) a.AddRange(["--ro-bind", dir, dir]);
        // /tmp first: the work folder usually lies under the host's /tmp and is mounted on top of it.
        if (layout.PrivateTmp) a.AddRange(["--bind", layout.TmpDirectory, "/tmp"]);
        a.AddRange(["--bind", layout.WorkDirectory, layout.WorkDirectory]);
        foreach (var (host, inside) in layout.FileOverlays) a.AddRange(["--ro-bind", host, inside]);
        // Nothing but the work folder stays writable: bwrap's root and /dev (with /dev/shm) are
        // memory-backed tmpfs mounts a patch could otherwise fill. Device nodes still work.
        a.AddRange(["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", layout.WorkDirectory]);
        return a;
    }

    /// <summary>
    /// Pd started through <c>setsid</c> with every stream redirected: its own session and process group, so
    /// the whole group can be killed at the deadline. Both launchers start Pd this way.
    /// </summary>
    internal static ProcessStartInfo SessionLeader(string workDirectory) => new("/usr/bin/setsid")
    {
        RedirectStandardError = true,
        RedirectStandardOutput = true,
        RedirectStandardInput = true,
        UseShellExecute = false,
        WorkingDirectory = workDirectory,
    };

    /// <inheritdoc/>
    public ProcessStartInfo Build(string pdBinary, IReadOnlyList<string> pdArguments, SandboxLayout layout, SandboxLimits limits, int slot)
    {
        var psi = SessionLeader(layout.WorkDirectory);
        var args = psi.ArgumentList;
        if (dropToWorkerUser)
        {
            int uid = UserIdFor(slot);
            foreach (var x in new[] { "/usr/bin/setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups" }) args.Add(x);
        }
        args.Add(bwrapPath);
        foreach (var x in FileSystemArguments(layout)) args.Add(x);
        foreach (var x in PrlimitArguments(limits, dropToWorkerUser)) args.Add(x);
        args.Add(pdBinary);
        foreach (var x in pdArguments) args.Add(x);
        SetEnvironment(psi, layout.WorkDirectory);
        return psi;
    }

    /// <summary>The <c>prlimit</c> command (with trailing <c>--</c>) that applies <paramref name="limits"/> to the command after it.</summary>
    public static IEnumerable<string> PrlimitArguments(SandboxLimits limits, bool limitProcesses)
    {
        yield return "/usr/bin/prlimit";
        yield return $"--as={limits.MemoryBytes}";
        yield return $"--cpu={limits.CpuSeconds}";
        yield return $"--fsize={limits.FileSizeBytes}";
        yield return $"--nofile={limits.OpenFiles}";
        yield return "--core=0";
        if (limitProcesses) yield return $"--nproc={limits.Processes}";
        yield return "--";
    }

    /// <summary>A clean environment: nothing of the harness's leaks into Pd.</summary>
    public static void SetEnvironment(ProcessStartInfo psi, string home)
    {
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = home;
        psi.Environment["LC_ALL"] = "C";
    }
}
