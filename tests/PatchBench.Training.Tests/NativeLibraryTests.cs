using PatchBench.Training.Native;
using TorchSharp;

namespace PatchBench.Training.Tests;

/// <summary>The GLIBCXX_3.4.32 fix on the real TorchSharp 0.107.0 bridge, as restored from NuGet.</summary>
public class NativeLibraryTests
{
    // The pristine copy in the NuGet cache: what every fresh restore copies to an output folder.
    private static string Restored()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpLibrary.FileName);
        Assert.True(File.Exists(path), $"{path}: TorchSharp 0.107.0 is not restored");
        return path;
    }

    [Fact]
    public void The_restored_bridge_requires_glibcxx_3_4_32_and_marking_it_weak_changes_only_that_flag()
    {
        var original = File.ReadAllBytes(Restored());
        var before = ElfVersionNeeds.Read(original);
        Assert.Contains(new ElfVersionNeed("libstdc++.so.6", "GLIBCXX_3.4.32", Weak: false), before);
        var patched = original.ToArray();
        Assert.Equal(1, ElfVersionNeeds.MarkWeak(patched, LibTorchSharpLibrary.WeakVersions));
        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal(before.Select(n => n.Version == "GLIBCXX_3.4.32" ? n with { Weak = true } : n), after);
        Assert.Equal(1, original.Zip(patched).Count(p => p.First != p.Second)); // the low byte of one vna_flags word gains VER_FLG_WEAK
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(patched, LibTorchSharpLibrary.WeakVersions));
    }

    [Fact]
    public void Not_an_elf_file_has_no_requirements()
    {
        Assert.Empty(ElfVersionNeeds.Read("#N canvas 0 0 100 100 12;\n"u8.ToArray()));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_fresh_copy_fails_the_loader_and_loads_after_the_patch()
    {
        var folder = TestPaths.Temp("bridge");
        var copy = Path.Combine(folder, LibTorchSharpLibrary.FileName);
        File.Copy(Restored(), copy);
        // libtorch beside the tests (the output copy of libtorch-cpu-linux-x64) resolves the bridge's other dependencies: in the
        // output folder itself when the build names a RuntimeIdentifier (Directory.Build.props does), else under runtimes/.
        var libtorch = new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = AppContext.BaseDirectory + ":" + Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"),
        };
        var (_, before) = TestPaths.Run("ldd", libtorch, copy);
        Assert.Contains("GLIBCXX_3.4.32' not found", before);
        Assert.Equal(1, LibTorchSharpLibrary.Patch(copy));
        var (code, after) = TestPaths.Run("ldd", libtorch, copy);
        Assert.Equal(0, code);
        // The loader's trace mode (ldd) applies the checks of a real load: a missing weak version is only reported.
        Assert.Contains("weak version `GLIBCXX_3.4.32' not found", after);
        Assert.DoesNotMatch(@"(?<!weak )version `[^']+' not found|=> not found", after);
        Assert.Contains("libtorch_cpu.so", after);
        Assert.Equal(0, LibTorchSharpLibrary.Patch(copy));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_output_copy_is_patched_at_first_use_and_torch_computes()
    {
        LibTorchSharpLibrary.EnsureLoadable();
        var copies = LibTorchSharpLibrary.Candidates(AppContext.BaseDirectory).ToArray();
        Assert.NotEmpty(copies);
        foreach (var c in copies) Assert.Contains(new ElfVersionNeed("libstdc++.so.6", "GLIBCXX_3.4.32", Weak: true),
            ElfVersionNeeds.Read(File.ReadAllBytes(c)));
        // Set for libgomp before libtorch loads, unless the environment of the test run chose a policy itself.
        Assert.NotEmpty(Environment.GetEnvironmentVariable(PatchBench.Generation.OpenMpWaitPolicy.Variable) ?? "");
        using var sum = torch.arange(1, 5, dtype: torch.float32).sum();
        Assert.Equal(10f, sum.item<float>());
    }
}
