using System.Runtime.InteropServices;

namespace PatchBench.Training.Native;

/// <summary>
/// libtorch's OpenMP threads spin at every barrier by default (GOMP's ACTIVE wait policy). On a machine shared with other
/// jobs a spinning thread burns the time slice its partner needs, and training ran 3–5× slower than with threads that
/// sleep (measured: 520–580 vs 1,450–2,830 tokens/s, load average 10–14 on 2 cores, docs/training.md). libgomp reads
/// <c>OMP_WAIT_POLICY</c> from the C environment once, when it is loaded, so it is set there (not only in .NET's copy of
/// the environment) before the first TorchSharp call; a value the user set is kept.
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

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
