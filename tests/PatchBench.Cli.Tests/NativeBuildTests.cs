using System.Diagnostics;
using System.Text.Json;
using PatchBench.Generation.Gguf;
using PatchBench.Testing;

namespace PatchBench.Cli.Tests;

/// <summary>
/// The -march=native llama.cpp of LLamaSharp's ABI that bench/build-llamasharp-native.sh builds (about 15 minutes, so the
/// tests take the cached build under .bench/ or PATCHBENCH_LLAMA_NATIVE and do not build it themselves): through
/// <c>native=DIR</c> it must give the same greedy text as LLamaSharp's bundled build, and profile through --native.
/// </summary>
[Trait("Category", "Integration")] // native llama.cpp libraries, each run in a process of its own
public class NativeBuildTests
{
    private static string? NativeFolder()
    {
        var folder = Environment.GetEnvironmentVariable("PATCHBENCH_LLAMA_NATIVE");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(RepositoryRoot.Path, ".bench", "llamasharp-native", "build", "lib");
        }
        return folder is not null && File.Exists(Path.Combine(folder, ".complete")) ? folder : null;
    }

    private static (int Code, string Out, string Err) Patchbench(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "patchbench.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    private static string TinyModel()
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-cli-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "tiny.gguf");
        TinyLlamaModelBuilder.Write(model);
        return model;
    }

    [SkippableFact]
    public void The_native_build_gives_the_bundled_builds_greedy_text_and_a_throughput_profile()
    {
        if (NativeFolder() is not { } native)
            throw new SkipException("no cached build of bench/build-llamasharp-native.sh (about 15 minutes; not made by the tests)");
        var model = TinyModel();
        string Output(string spec)
        {
            var (code, output, err) = Patchbench("generate", "--system", spec, "--prompt", "Create a patch that plays a 440 Hz sine", "--format", "json");
            Assert.True(code == 0, err);
            return JsonDocument.Parse(output).RootElement.GetProperty("output").GetString()!;
        }
        var bundled = Output($"llamacpp:{model},max_tokens=48,threads=2");
        var tuned = Output($"llamacpp:{model},max_tokens=48,threads=2,native={native}");
        Assert.NotEmpty(bundled);
        Assert.Equal(bundled, tuned);

        var (tcode, tjson, terr) = Patchbench("throughput", "-m", model, "-p", "16", "-n", "4", "-r", "1", "--format", "json", "--native", native);
        Assert.True(tcode == 0, terr);
        Assert.All(JsonDocument.Parse(tjson).RootElement.EnumerateArray(), t => Assert.True(t.GetProperty("avg_ts").GetDouble() > 0));
    }
}
