using System.Diagnostics;

namespace PatchBench.Execution.Sandbox;

/// <summary>
/// Runs Pd without confinement (only with <c>--allow-unsandboxed</c>): same rlimits (except the
/// process count), its own process group, a clean environment, the work folder as current
/// directory. The patch can reach every file and the network the harness can.
/// </summary>
public sealed class UnconfinedLauncher : IPdLauncher
{
    /// <inheritdoc/>
    public string Name => "none";

    /// <inheritdoc/>
    public bool Confined => false;

    /// <inheritdoc/>
    public void PrepareWorkDirectory(string path, int slot) { }

    /// <inheritdoc/>
    public void AfterRun(int slot) { }

    /// <inheritdoc/>
    public ProcessStartInfo Build(string pdBinary, IReadOnlyList<string> pdArguments, SandboxLayout layout, SandboxLimits limits, int slot)
    {
        var psi = BubblewrapLauncher.SessionLeader(layout.WorkDirectory);
        foreach (var x in BubblewrapLauncher.PrlimitArguments(limits, limitProcesses: false)) psi.ArgumentList.Add(x);
        psi.ArgumentList.Add(pdBinary);
        foreach (var x in pdArguments) psi.ArgumentList.Add(x);
        BubblewrapLauncher.SetEnvironment(psi, layout.WorkDirectory);
        return psi;
    }
}
