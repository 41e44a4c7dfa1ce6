using System.Diagnostics;
using System.Text.Json;
using PatchBench.Generation.Gguf;
using PatchBench.Testing;

namespace PatchBench.Cli.Tests;

[Trait("Category", "Integration")] // native llama.cpp libraries
public class ThroughputCommandTests
{
    // The CLI runs as its own process: exit codes and stdout exactly as a user sees them.
    private static (int Code, string Out, string Err) Patchbench(params string[] args) => PatchbenchWith(null, args);

    // waitPolicy: the OMP_WAIT_POLICY the user gives (null = unset, patchbench's own choice applies).
    private static (int Code, string Out, string Err) PatchbenchWith(string? waitPolicy, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Remove("OMP_WAIT_POLICY");
        if (waitPolicy is not null) psi.Environment["OMP_WAIT_POLICY"] = waitPolicy;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "patchbench.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    // Runs `run` while one busy loop per core spins in processes of their own (other processes, as a user's machine has).
    private static T WithCoresBusy<T>(Func<T> run)
    {
        var loops = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!).ToList();
        try
        {
            Thread.Sleep(300); // let them be scheduled before the CLI looks
            return run();
        }
        finally
        {
            foreach (var l in loops)
            {
                l.Kill();
                l.WaitForExit();
                l.Dispose();
            }
        }
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
    [Trait("Category", "Integration")] // LLamaSharp's native llama.cpp on a 100 MB model
    public void A_tiny_model_gets_a_pp_and_tg_profile_in_json()
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-cli-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "tiny.gguf");
        // ~100 MB of weights: larger than this machine's 36 MiB L3, so generation reads them from memory and the
        // memory-bandwidth ceiling really bounds it (the default tiny model fits in L2 and beats the ceiling).
        TinyLlamaModelBuilder.Write(model, new TinyLlamaConfig { EmbeddingLength = 1024, Heads = 8, KvHeads = 8, FeedForwardLength = 2816, Layers = 2 });
        // Two busy loops hold both cores while it starts: a shared machine, so its OpenMP threads must sleep at barriers.
        var (code, output, err) = WithCoresBusy(() => Patchbench("throughput", "-m", model, "-p", "16", "-n", "4", "-r", "2", "--format", "json"));
        Assert.True(code == 0, err);
        // llama-bench's JSON: an array of tests with its field names, so its tooling reads ours.
        using var json = JsonDocument.Parse(output);
        var tests = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([(16, 0), (0, 4)], tests.Select(t => (t.GetProperty("n_prompt").GetInt32(), t.GetProperty("n_gen").GetInt32())));
        Assert.All(tests, t => Assert.True(t.GetProperty("avg_ts").GetDouble() > 0));
        Assert.All(tests, t => Assert.True(t.GetProperty("stddev_ts").GetDouble() >= 0));
        Assert.All(tests, t => Assert.Equal(2, t.GetProperty("samples_ts").GetArrayLength()));
        Assert.All(tests, t => Assert.True(t.GetProperty("n_threads").GetInt32() >= 1));
        // OpenMP threads that sleep at barriers: spinning ones lose most of their speed on shared cores.
        Assert.All(tests, t => Assert.Equal("PASSIVE", t.GetProperty("omp_wait_policy").GetString()));
        Assert.All(tests, t => Assert.Contains("(shared)", t.GetProperty("omp_wait_reason").GetString()));
        // llama.cpp's own counter covers only the time inside decode, a part of the wall clock around the same calls:
        // it can never report fewer tokens/s than the wall clock (it would, were the counter not reset per repetition).
        Assert.All(tests, t => Assert.InRange(t.GetProperty("engine_avg_ts").GetDouble(), t.GetProperty("avg_ts").GetDouble() * 0.999, double.MaxValue));
        // The bandwidth ceiling bounds generation: measured tg can never beat weights-read-per-token.
        var tg = tests[1];
        Assert.True(tg.GetProperty("ceiling_ts").GetDouble() > 0);
        Assert.True(tg.GetProperty("avg_ts").GetDouble() < tg.GetProperty("ceiling_ts").GetDouble() * 1.5,
            $"tg {tg.GetProperty("avg_ts").GetDouble()} t/s above the bandwidth ceiling {tg.GetProperty("ceiling_ts").GetDouble()}");

        var csvOut = Path.Combine(dir, "profiles");
        var (csvCode, csv, csvErr) = PatchbenchWith("ACTIVE", "throughput", "-m", model, "-p", "8", "-n", "2", "-r", "1", "--format", "csv", "--out", csvOut);
        Assert.True(csvCode == 0, csvErr);
        var lines = csv.Trim().Split('\n');
        Assert.StartsWith("cpu_info,gpu_info,backends,model_filename", lines[0]);
        Assert.Equal(3, lines.Length);
        var saved = Assert.Single(Directory.GetFiles(csvOut, "throughput-*.json"));
        var savedTests = JsonDocument.Parse(File.ReadAllText(saved)).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, savedTests.Count);
        Assert.All(savedTests, t => Assert.Equal("ACTIVE", t.GetProperty("omp_wait_policy").GetString())); // the user's value is kept
        Assert.All(savedTests, t => Assert.Equal("OMP_WAIT_POLICY=ACTIVE given by the user", t.GetProperty("omp_wait_reason").GetString()));
        Directory.Delete(dir, recursive: true); // the 100 MB model
    }
}
