using System.Runtime.InteropServices;

namespace PatchBench.Execution.Sandbox;

/// <summary>The few POSIX calls .NET does not offer: signalling a process group, changing a file's owner, the real user id.</summary>
public static class NativeProcess
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int SysChown(string path, int uid, int gid);

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint SysGetUid();

    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>Sends SIGKILL to the process group led by <paramref name="pid"/> and to the process itself; errors (already gone) are ignored.</summary>
    /// <param name="pid">The group leader's process id.</param>
    /// <param name="leaderToo">Also signal the leader by its pid (false once it has been reaped, since its pid may be reused).</param>
    public static void KillGroup(int pid, bool leaderToo = true)
    {
        if (pid <= 1) return;
        // The only failure that matters is ESRCH (nothing left to kill), which is the state wanted; so the results are discarded.
        _ = SysKill(-pid, SigKill);
        if (leaderToo) _ = SysKill(pid, SigKill);
    }

    /// <summary>Changes the owner of <paramref name="path"/>; false when that failed.</summary>
    public static bool Chown(string path, int uid, int gid) => SysChown(path, uid, gid) == 0;

    /// <summary>The real user id of this process.</summary>
    public static int UserId => (int)SysGetUid();
}
