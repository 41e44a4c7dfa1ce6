namespace PatchBench.Harness.Records;

/// <summary>
/// The one probe of CPU topology every part uses (model threads, the Pd worker pool, scoring concurrency, the run record).
/// Threads default to physical cores: llama.cpp's and ONNX Runtime's matrix kernels gain nothing from a second
/// hyper-thread on a core, and a library's own default (one thread, or four) is wrong on small machines.
/// </summary>
public static class CpuTopology
{
    /// <summary>Logical processors available to this process.</summary>
    public static int LogicalCores => Math.Max(1, Environment.ProcessorCount);

    /// <summary>Physical cores of this machine (from /proc/cpuinfo, then /sys), at least 1, at most <see cref="LogicalCores"/>.</summary>
    public static int PhysicalCores()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var fromCpuInfo = FromCpuInfo(File.ReadAllText("/proc/cpuinfo"));
                if (fromCpuInfo > 0) return Math.Min(fromCpuInfo, Environment.ProcessorCount);
            }
            var fromSys = FromSysTopology("/sys/devices/system/cpu");
            if (fromSys > 0) return Math.Min(fromSys, Environment.ProcessorCount);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>Distinct (physical id, core id) pairs in /proc/cpuinfo text; 0 when it names none.</summary>
    public static int FromCpuInfo(string cpuinfo)
    {
        var cores = new HashSet<(string, string)>();
        string physical = "0", core = "";
        bool any = false;
        foreach (var raw in cpuinfo.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (core.Length > 0) cores.Add((physical, core));
                physical = "0"; core = "";
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key == "physical id") physical = value;
            else if (key == "core id") { core = value; any = true; }
        }
        if (core.Length > 0) cores.Add((physical, core));
        return any ? cores.Count : 0;
    }

    // Distinct core_cpus_list (or thread_siblings_list) values: one per physical core.
    private static int FromSysTopology(string cpuRoot)
    {
        if (!Directory.Exists(cpuRoot)) return 0;
        var groups = new HashSet<string>();
        foreach (var dir in Directory.GetDirectories(cpuRoot, "cpu*"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length <= 3 || !name[3..].All(char.IsDigit)) continue;
            foreach (var file in new[] { "topology/core_cpus_list", "topology/thread_siblings_list" })
            {
                var path = Path.Combine(dir, file);
                if (File.Exists(path)) { groups.Add(File.ReadAllText(path).Trim()); break; }
            }
        }
        return groups.Count;
    }
}
