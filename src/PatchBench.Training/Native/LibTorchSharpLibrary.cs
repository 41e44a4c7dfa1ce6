namespace PatchBench.Training.Native;

/// <summary>
/// Makes TorchSharp's native bridge loadable on Debian 12. TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was linked
/// against GCC 13's libstdc++ and requires <c>GLIBCXX_3.4.32</c> for a single symbol, <c>_ZSt21ios_base_library_initv</c>,
/// which GCC 13 references from every file that includes &lt;iostream&gt; only to pull in its stream initialiser; no
/// relocation uses it, so nothing calls it. Debian 12's libstdc++ stops at 3.4.30, so the loader refuses the whole
/// library and TorchSharp reports a misleading "doesn't contain a reference to libtorch-cpu" error. Marking that one
/// requirement weak in the copy next to the application (never the NuGet cache) lets it load; every other version
/// check stays. Done before the first use of <c>torch</c>, idempotent, and atomic (temp file + rename), so it holds on
/// a fresh restore or build without a set-up step and two processes racing write the same bytes.
/// </summary>
public static class LibTorchSharpLibrary
{
    /// <summary>The native bridge's file name.</summary>
    public const string FileName = "libLibTorchSharp.so";

    /// <summary>The requirement made weak (see the type's remarks for why exactly this one).</summary>
    public static readonly IReadOnlySet<string> WeakVersions = new HashSet<string>(StringComparer.Ordinal) { "GLIBCXX_3.4.32" };

    private static readonly Lock Gate = new();
    private static bool _done;

    /// <summary>Where TorchSharp looks for the bridge: beside the application and in its runtimes/ folder.</summary>
    public static IEnumerable<string> Candidates(string baseDirectory) =>
        new[] { Path.Combine(baseDirectory, FileName), Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", FileName) }.Where(File.Exists);

    /// <summary>Patches every candidate copy once per process and sets OpenMP's wait policy; call before touching any TorchSharp type.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_done) return;
            PatchBench.Generation.OpenMpWaitPolicy.Apply();
            if (OperatingSystem.IsLinux()) foreach (var path in Candidates(AppContext.BaseDirectory)) Patch(path);
            _done = true;
        }
    }

    /// <summary>Marks <see cref="WeakVersions"/> weak in the file at <paramref name="path"/>; returns how many entries changed.</summary>
    public static int Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var changed = ElfVersionNeeds.MarkWeak(bytes, WeakVersions);
        if (changed == 0) return 0;
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        // Keep the executable bits the copy had.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        File.Move(temp, path, overwrite: true);
        return changed;
    }
}
