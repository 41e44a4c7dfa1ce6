using System.Diagnostics;

namespace PatchBench.Execution.Sandbox;

/// <summary>Turns a Pd command line into the process to start: confined (bubblewrap) or not.</summary>
public interface IPdLauncher
{
    /// <summary>A short name for reports: <c>bubblewrap</c> or <c>none</c>.</summary>
    string Name { get; }

    /// <summary>True when runs are confined.</summary>
    bool Confined { get; }

    /// <summary>Builds the start info. <paramref name="slot"/> numbers the run (each run a different number), for per-run isolation.</summary>
    ProcessStartInfo Build(string pdBinary, IReadOnlyList<string> pdArguments, SandboxLayout layout, SandboxLimits limits, int slot);

    /// <summary>Prepares the work folder so the sandboxed process can write it (ownership).</summary>
    void PrepareWorkDirectory(string path, int slot);

    /// <summary>Waits (briefly) until nothing of the run is left, so the slot's next run starts clean.</summary>
    void AfterRun(int slot);
}
