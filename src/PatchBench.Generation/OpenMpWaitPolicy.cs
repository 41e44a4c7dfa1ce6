using System.Globalization;
using System.Runtime.InteropServices;

namespace PatchBench.Generation;

/// <summary>
/// Chooses how OpenMP threads wait at barriers (<c>OMP_WAIT_POLICY</c>) for LLamaSharp's llama.cpp and libtorch, which
/// both use libgomp. Neither policy is right everywhere, measured on this project's 2-core machines (docs/llamacpp.md):
/// on a quiet machine spinning (ACTIVE) is fast and sleeping costs a lot for small models (tg256 of the 1.87M checkpoint
/// at 2 threads 1,230–2,084 t/s ACTIVE vs 282–322 t/s PASSIVE); when other processes hold the cores spinning threads burn
/// the time slices their partners need (load average 7–10: 54–73 t/s spinning vs 347–387 t/s sleeping; TorchSharp
/// training 520–580 vs 1,450–2,830 tokens/s). So the process looks at what the rest of the machine is doing when it
/// starts — the CPU time other processes take over a short window — and spins only when they leave its cores free.
/// libgomp reads the variable from the C environment once, when it is loaded, so it is set there (not only in .NET's
/// copy of the environment) before the first native call; a value the user set is kept.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    /// <summary>The variable libgomp reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Other processes may take up to this many cores on average and the machine still counts as quiet.</summary>
    public const double QuietBusyCores = 0.5;

    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(150);
    private static readonly Lock Gate = new();

    /// <summary>Why the policy in effect was chosen, one line for logs and records ("" before <see cref="Apply"/>).</summary>
    public static string Reason { get; private set; } = "";

    /// <summary>
    /// Sets <see cref="Variable"/> in the process's C environment unless it is set already — ACTIVE when other processes
    /// use less than <see cref="QuietBusyCores"/> of the cores over a short window, PASSIVE otherwise — and returns the
    /// value in effect. Only the first call measures; later ones return the value set.
    /// </summary>
    public static string Apply()
    {
        lock (Gate)
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                if (Reason.Length == 0) Reason = $"{Variable}={given} given by the user";
                return given;
            }
            var busy = OtherProcessesBusyCores(Window);
            var (policy, reason) = Choose(busy, Environment.ProcessorCount);
            if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SetEnv(Variable, policy, 0) != 0) return "";
            Environment.SetEnvironmentVariable(Variable, policy);
            Reason = reason;
            return policy;
        }
    }

    /// <summary>The policy in effect for this process (what <see cref="Apply"/> set, the user's value, or "" when unset).</summary>
    public static string Current => Environment.GetEnvironmentVariable(Variable) ?? "";

    /// <summary>
    /// The policy for a machine where other processes took <paramref name="otherBusyCores"/> cores on average (null: not
    /// measurable, e.g. no /proc): ACTIVE below <see cref="QuietBusyCores"/>, else PASSIVE, which is also the safe
    /// choice when nothing could be measured.
    /// </summary>
    public static (string Policy, string Reason) Choose(double? otherBusyCores, int cores)
    {
        if (otherBusyCores is not { } busy) return ("PASSIVE", "PASSIVE: the machine's load could not be measured");
        var text = busy.ToString("0.00", CultureInfo.InvariantCulture);
        return busy < QuietBusyCores
            ? ("ACTIVE", $"ACTIVE: other processes used {text} of {cores} cores when it started (quiet)")
            : ("PASSIVE", $"PASSIVE: other processes used {text} of {cores} cores when it started (shared)");
    }

    /// <summary>
    /// Cores that processes other than this one kept busy between two readings of /proc/stat's total (busy = all but
    /// idle and iowait) and /proc/self/stat's user + system time, both in clock ticks; never below 0.
    /// </summary>
    public static double OtherBusyCores(CpuTicks before, CpuTicks after, int cores)
    {
        var total = after.Total - before.Total;
        if (total <= 0) return 0;
        var busy = (after.Total - after.Idle) - (before.Total - before.Idle);
        var others = busy - (after.Self - before.Self);
        return Math.Max(0, (double)others / total * cores);
    }

    /// <summary>Parses /proc/stat's first line and /proc/self/stat into <see cref="CpuTicks"/>; null when either does not have the expected shape.</summary>
    public static CpuTicks? ParseTicks(string procStat, string selfStat)
    {
        var line = procStat.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (line.Length < 6 || line[0] != "cpu") return null;
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
        var ticks = new List<long>(8);
        foreach (var f in line.Skip(1).Take(8))
        {
            if (!long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return null;
            ticks.Add(v);
        }
        long total = ticks.Sum(), idle = ticks[3] + ticks[4];
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var close = selfStat.LastIndexOf(')');
        if (close < 0) return null;
        var rest = selfStat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
        if (rest.Length < 13 || !long.TryParse(rest[11], CultureInfo.InvariantCulture, out var utime) ||
            !long.TryParse(rest[12], CultureInfo.InvariantCulture, out var stime)) return null;
        return new CpuTicks(total, idle, utime + stime);
    }

    private static double? OtherProcessesBusyCores(TimeSpan window)
    {
        try
        {
            if (!File.Exists("/proc/stat")) return null;
            var before = Read();
            Thread.Sleep(window);
            var after = Read();
            return before is { } b && after is { } a ? OtherBusyCores(b, a, Environment.ProcessorCount) : null;
        }
        catch (IOException)
        {
            return null;
        }

        static CpuTicks? Read() => ParseTicks(File.ReadAllText("/proc/stat"), File.ReadAllText("/proc/self/stat"));
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}

/// <summary>One reading of CPU time in clock ticks: the machine's total and idle (all cores summed) and this process's own.</summary>
/// <param name="Total">Sum of /proc/stat's user, nice, system, idle, iowait, irq, softirq and steal.</param>
/// <param name="Idle">idle + iowait.</param>
/// <param name="Self">This process's user + system time (/proc/self/stat fields 14 and 15), all its threads.</param>
public sealed record CpuTicks(long Total, long Idle, long Self);
