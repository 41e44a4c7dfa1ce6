using System.Runtime.InteropServices;

namespace PatchBench.Generation;

/// <summary>
/// OpenMP threads spin at every barrier by default (libgomp's ACTIVE wait policy). LLamaSharp's llama.cpp build and
/// libtorch both use libgomp, and on this project's machines their threads share the cores with the sandboxed Pd runs
/// that score each sample: a spinning thread burns the time slice its partner needs. Measured on 2 cores under load
/// (load average 7–10): llama.cpp tg360 of the 1.87M checkpoint at 2 threads 54–73 t/s spinning vs 347–387 t/s
/// sleeping; TorchSharp training 520–580 vs 1,450–2,830 tokens/s (docs/training.md). libgomp reads
/// <c>OMP_WAIT_POLICY</c> from the C environment once, when it is loaded, so it is set there (not only in .NET's copy
/// of the environment) before the first native call; a value the user set is kept.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    /// <summary>The variable libgomp reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets <see cref="Variable"/> to PASSIVE in the process's C environment unless it is set already; returns the value in effect.</summary>
    public static string Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given) return given;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (SetEnv(Variable, "PASSIVE", 0) != 0) return "";
        }
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return "PASSIVE";
    }

    /// <summary>The policy in effect for this process (what <see cref="Apply"/> set, the user's value, or "" when unset).</summary>
    public static string Current => Environment.GetEnvironmentVariable(Variable) ?? "";

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
