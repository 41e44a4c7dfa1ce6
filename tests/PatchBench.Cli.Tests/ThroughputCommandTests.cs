using System.Diagnostics;
using System.Text.Json;
using PatchBench.Generation.Gguf;

namespace PatchBench.Cli.Tests;

public class ThroughputCommandTests
{
    // The CLI runs as its own process: exit codes and stdout exactly as a user sees them.
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

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatchBench.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PatchBench.sln not found");
    }

    [Fact]
    public void A_missing_model_is_a_usage_error_with_exit_code_2()
    {
        var (code, _, err) = Patchbench("throughput", "--model", "/nonexistent/x.gguf");
        Assert.Equal(2, code);
        Assert.Contains("model file not found", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_tiny_model_gets_a_pp_and_tg_profile_in_json()
    {
        var root = RepoRoot();
        if (!File.Exists(Path.Combine(root, "native", "linux-x64", "libggml-base.so")))
        {
            Process.Start("bash", Path.Combine(root, "scripts", "fetch-native.sh"))!.WaitForExit();
        }
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-cli-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "tiny.gguf");
        TinyLlamaModelBuilder.Write(model);
        var (code, output, err) = Patchbench("throughput", "-m", model, "-p", "16", "-n", "4", "-r", "2", "--format", "json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(["pp16", "tg4"], tests.Select(t => t.GetProperty("test").GetString()));
        Assert.All(tests, t => Assert.True(t.GetProperty("mean_tps").GetDouble() > 0));
        Assert.All(tests, t => Assert.Equal(2, t.GetProperty("samples_tps").GetArrayLength()));
    }
}
