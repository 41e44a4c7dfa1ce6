namespace PatchBench.Execution.Sandbox;

/// <summary>
/// A virtual X server for patches of a display profile (Gem): Debian's <c>xvfb-run</c> starts <c>Xvfb</c> and runs Pd
/// under it, inside the same sandbox, one server per run; Mesa's software GL (<c>libgl1-mesa-dri</c>, llvmpipe) renders.
/// In the sandbox's own network namespace and private <c>/tmp</c>, display <c>:99</c> is always free and no other run
/// can reach it.
/// </summary>
public static class VirtualDisplay
{
    /// <summary>Debian's wrapper (package <c>xvfb</c>) that starts the server, waits until it is ready and runs the command.</summary>
    public const string XvfbRun = "/usr/bin/xvfb-run";

    /// <summary>Screen large enough for Gem's default 500×500 window and a 640×480 or 1024×768 one; no TCP listener.</summary>
    public const string ServerArguments = "-screen 0 1024x768x24 -nolisten tcp";

    /// <summary>True when the wrapper is installed.</summary>
    public static bool Available => File.Exists(XvfbRun);

    /// <summary>The command line that runs <paramref name="pdBinary"/> with <paramref name="pdArguments"/> under a fresh virtual X server.</summary>
    public static (string Binary, IReadOnlyList<string> Arguments) Wrap(string pdBinary, IReadOnlyList<string> pdArguments) =>
        (XvfbRun, ["-a", "-s", ServerArguments, pdBinary, .. pdArguments]);

    /// <summary>
    /// Files of <paramref name="folder"/> that are links into <c>/etc</c> (Debian's alternatives: Gem's
    /// <c>gemdefaultwindow.pd</c>), as (the file they resolve to, the link's target): the sandbox has no host <c>/etc</c>,
    /// so the resolved file is shown at the link's target.
    /// </summary>
    public static IReadOnlyList<(string HostFile, string InsidePath)> EtcLinks(string? folder)
    {
        if (folder is null || !Directory.Exists(folder)) return [];
        var result = new List<(string, string)>();
        foreach (var f in Directory.EnumerateFiles(folder))
        {
            var info = new FileInfo(f);
            if (info.LinkTarget is not { } target || !target.StartsWith("/etc/", StringComparison.Ordinal)) continue;
            if (info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true } real) result.Add((real.FullName, target));
        }
        return result;
    }
}
