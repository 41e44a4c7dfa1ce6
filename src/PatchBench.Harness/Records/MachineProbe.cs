using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PatchBench.Harness.Records;

/// <summary>Reads what a run records about the machine and the harness build (Linux /proc, nvidia-smi when present).</summary>
public static class MachineProbe
{
    /// <summary>The machine now.</summary>
    public static MachineInfo Describe()
    {
        var gpu = NvidiaSmi("--query-gpu=name,driver_version,memory.total", "--format=csv,noheader,nounits");
        var gpuFields = gpu?.Split('\n')[0].Split(',').Select(f => f.Trim()).ToArray();
        return new MachineInfo
        {
            HostName = Environment.MachineName,
            Os = RuntimeInformation.OSDescription,
            CpuModel = ProcField("/proc/cpuinfo", "model name"),
            Cores = CpuTopology.LogicalCores,
            LogicalCores = CpuTopology.LogicalCores,
            PhysicalCores = CpuTopology.PhysicalCores(),
            MemoryBytes = ProcField("/proc/meminfo", "MemTotal") is { } mem && long.TryParse(mem.Split(' ')[0], out var kb) ? kb * 1024 : null,
            GpuName = gpuFields is { Length: >= 1 } ? gpuFields[0] : null,
            GpuDriver = gpuFields is { Length: >= 2 } ? gpuFields[1] : null,
            GpuMemoryMib = gpuFields is { Length: >= 3 } && long.TryParse(gpuFields[2], CultureInfo.InvariantCulture, out var mib) ? mib : null,
        };
    }

    /// <summary>Peak resident set size of this process (VmHWM), falling back to the runtime's peak working set.</summary>
    public static long PeakMemoryBytes()
    {
        var hwm = ProcField("/proc/self/status", "VmHWM");
        if (hwm is not null && long.TryParse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kb)) return kb * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>GPU memory in use (MiB) of the first GPU, when nvidia-smi exists.</summary>
    public static long? GpuMemoryUsedMib() =>
        NvidiaSmi("--query-gpu=memory.used", "--format=csv,noheader,nounits") is { } text
        && long.TryParse(text.Split('\n')[0].Trim(), CultureInfo.InvariantCulture, out var mib) ? mib : null;

    /// <summary>The harness version and the git commit it was built from (from the informational version).</summary>
    public static HarnessIdentity Harness()
    {
        var info = typeof(MachineProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = info.IndexOf('+');
        return plus < 0 ? new HarnessIdentity(info, null) : new HarnessIdentity(info[..plus], info[(plus + 1)..]);
    }

    private static string? ProcField(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == key) return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static string? NvidiaSmi(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start);
            if (process is null) return null;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && text.Trim().Length > 0 ? text.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed: no NVIDIA GPU to report
        }
    }
}
