using System.Diagnostics;

namespace PatchBench.Execution.Sandbox;

/// <summary>
/// Confines Pd with bubblewrap: new user, PID, network, IPC, UTS and cgroup namespaces
/// (<c>--unshare-all</c>), no capabilities, a read-only root holding only <c>/usr</c> (and the
/// <c>/lib*</c>, <c>/bin</c> links into it), a private <c>/proc</c> and minimal <c>/dev</c>, and
/// the run's own folder writable. rlimits are set by <c>prlimit</c> just before Pd starts.
/// When the harness is root, each worker runs as its own unprivileged user id (via <c>setpriv</c>)
/// so that the process limit counts only that worker's processes and no host file is writable by it.
/// </summary>
/// <param name="bwrapPath">Path of the bwrap binary.</param>
/// <param name="dropToWorkerUser">Run each worker as user <see cref="FirstWorkerUid"/> + slot (requires root).</param>
public sealed class BubblewrapLauncher(string bwrapPath, bool dropToWorkerUser) : IPdLauncher
{
    /// <summary>User id of worker slot 0 when running as root; ids far above any real account.</summary>
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
        int uid = FirstWorkerUid + slot;
        foreach (var p in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Prepend(path))
            if (!NativeProcess.Chown(p, uid, uid))
                throw new IOException($"cannot give {p} to the sandbox user {uid}");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The kernel tears a PID namespace down asynchronously: processes killed with it can linger for
    /// milliseconds and would count against the next run's process limit under the same worker user.
    /// </remarks>
    public void AfterRun(int slot)
    {
        if (!dropToWorkerUser) return;
        int uid = FirstWorkerUid + slot;
        for (int i = 0; i < 400 && ProcessesOf(uid) > 0; i++) Thread.Sleep(5);
    }

    /// <summary>How many processes (not counting threads) run under real user id <paramref name="uid"/>.</summary>
    public static int ProcessesOf(int uid)
    {
        int n = 0;
        var needle = $"Uid:\t{uid}\t";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                    if (line.StartsWith("Uid:", StringComparison.Ordinal)) { if (line.StartsWith(needle, StringComparison.Ordinal)) n++; break; }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return n;
    }

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
        foreach (var dir in layout.ReadOnlyDirectories)
            if (!dir.StartsWith("/usr/", StringComparison.Ordinal)) a.AddRange(["--ro-bind", dir, dir]);
        a.AddRange(["--bind", layout.WorkDirectory, layout.WorkDirectory]);
        foreach (var (host, inside) in layout.FileOverlays) a.AddRange(["--ro-bind", host, inside]);
        // Nothing but the work folder stays writable (bwrap's own root is a tmpfs otherwise).
        a.AddRange(["--remount-ro", "/", "--chdir", layout.WorkDirectory]);
        return a;
    }

    /// <inheritdoc/>
    public ProcessStartInfo Build(string pdBinary, IReadOnlyList<string> pdArguments, SandboxLayout layout, SandboxLimits limits, int slot)
    {
        var psi = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = layout.WorkDirectory,
        };
        var args = psi.ArgumentList;
        if (dropToWorkerUser)
        {
            int uid = FirstWorkerUid + slot;
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
