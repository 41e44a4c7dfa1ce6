using System.Diagnostics;

namespace PatchBench.Execution.Sandbox;

/// <summary>Whether bubblewrap can confine Pd on this machine, and how.</summary>
/// <param name="Launcher">The launcher to use, or null when confinement is impossible.</param>
/// <param name="Reason">Why not (the failing step and bwrap's own words), or how it works.</param>
public sealed record SandboxCapability(IPdLauncher? Launcher, string Reason)
{
    /// <summary>True when runs can be confined.</summary>
    public bool Available => Launcher is not null;
}

/// <summary>
/// Finds out, by trying, whether bubblewrap works here: it needs user namespaces (unprivileged
/// ones when the harness drops to a worker user id). Tried in order: as a worker user (root
/// only), then as the current user. The answer is cached for the process.
/// </summary>
public static class SandboxProbe
{
    private static readonly string[] BwrapPaths = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];
    private static readonly Lazy<SandboxCapability> Cached = new(ProbeNow);

    /// <summary>The cached answer.</summary>
    public static SandboxCapability Capability => Cached.Value;

    /// <summary>Path of bwrap, or null.</summary>
    public static string? FindBwrap() => BwrapPaths.FirstOrDefault(File.Exists);

    private static SandboxCapability ProbeNow()
    {
        var bwrap = FindBwrap();
        if (bwrap is null) return new(null, "bubblewrap (bwrap) is not installed; install the Debian package 'bubblewrap'");
        if (!File.Exists("/usr/bin/prlimit") || !File.Exists("/usr/bin/setsid"))
            return new(null, "prlimit and setsid (util-linux) are needed under /usr/bin");
        var failures = new List<string>();
        bool root = NativeProcess.UserId == 0;
        if (root && File.Exists("/usr/bin/setpriv"))
        {
            var asWorker = new BubblewrapLauncher(bwrap, dropToWorkerUser: true);
            if (Try(asWorker, out var why)) return new(asWorker,
                $"bubblewrap, each run as its own user id from {BubblewrapLauncher.FirstWorkerUid} (unprivileged user namespaces)");
            failures.Add($"as an unprivileged worker user: {why}");
        }
        var asSelf = new BubblewrapLauncher(bwrap, dropToWorkerUser: false);
        if (Try(asSelf, out var why2))
            return new(asSelf, root ? "bubblewrap as root in a user namespace (no per-worker process limit)"
                : "bubblewrap as the current user (user namespaces)");
        failures.Add($"as the current user: {why2}");
        return new(null, "bubblewrap cannot create its namespaces here (" + string.Join("; ", failures)
            + "). User namespaces may be disabled (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces) or forbidden by the container's " +
            "seccomp profile");
    }

    private static bool Try(BubblewrapLauncher launcher, out string why)
    {
        var dir = WorkDirectories.Create();
        try
        {
            launcher.PrepareWorkDirectory(dir, 0);
            var psi = launcher.Build("/usr/bin/touch", [Path.Combine(dir, "probe")], new SandboxLayout(dir, [], []), new SandboxLimits(), 0);
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000)) { NativeProcess.KillGroup(p.Id); why = "bwrap did not finish within 10 s"; return false; }
            if (p.ExitCode == 0 && File.Exists(Path.Combine(dir, "probe"))) { why = ""; return true; }
            why = $"exit code {p.ExitCode}: {err.Result.Trim()}";
            return false;
        }
        catch (Exception ex) when (ex is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            why = ex.Message;
            return false;
        }
        finally
        {
            WorkDirectories.Delete(dir);
        }
    }
}

/// <summary>Creates and removes the per-run folders under the system temp folder.</summary>
public static class WorkDirectories
{
    /// <summary>The parent of every run folder: owned by the harness, listable by nobody else.</summary>
    public static string Root => CachedRoot.Value;

    private static readonly Lazy<string> CachedRoot = new(() =>
        {
            var root = Path.Combine(Path.GetTempPath(), $"patchbench-exec-{NativeProcess.UserId}");
            Directory.CreateDirectory(root);
            // Others may pass through (worker users must reach their folder) but not list.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            return root;
        });

    /// <summary>A minimal hosts file (localhost only) shown as /etc/hosts inside the sandbox.</summary>
    public static string HostsFile => CachedHosts.Value;

    private static readonly Lazy<string> CachedHosts = new(() =>
        {
            var path = Path.Combine(Root, "hosts");
            const string content = "127.0.0.1 localhost\n::1 localhost\n";
            if (!File.Exists(path) || File.ReadAllText(path) != content)
            {
                var tmp = path + "." + Guid.NewGuid().ToString("N");
                File.WriteAllText(tmp, content);
                File.Move(tmp, path, overwrite: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return path;
        });

    /// <summary>A new empty folder with an unguessable name, under <paramref name="parent"/> (default <see cref="Root"/>).</summary>
    public static string Create(string? parent = null)
    {
        if (parent is not null && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(parent,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
        var dir = Path.Combine(parent ?? Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Removes a run folder and everything in it; never throws.</summary>
    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
