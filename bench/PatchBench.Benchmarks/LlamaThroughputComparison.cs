using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Benchmarks;

/// <summary>
/// `llama-throughput [--model M.gguf] [--device cpu|cuda] [--gpu-layers N] [--threads T] [-p 512] [-n 128] [-r 5] [--llama-bench PATH] [--rounds K]`:
/// measures pp and tg through our binding and, when given llama.cpp's own llama-bench, through
/// it, alternating K rounds so both see the same machine load, and prints both figures and the ratio.
/// </summary>
public static class LlamaThroughputComparison
{
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var model = Arg("--model", "");
        if (model.Length == 0) model = BenchModel.EnsureQ8Written();
        var threads = int.Parse(Arg("--threads", CpuTopology.PhysicalCores().ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var pp = int.Parse(Arg("-p", "512"), CultureInfo.InvariantCulture);
        var tg = int.Parse(Arg("-n", "128"), CultureInfo.InvariantCulture);
        var reps = int.Parse(Arg("-r", "5"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture);
        var llamaBench = Arg("--llama-bench", "");
        var llamaBenchLibs = Arg("--llama-bench-libs", "");

        var device = Arg("--device", "cpu") == "cuda" ? LlamaDevice.Cuda : LlamaDevice.Cpu;
        var gpuLayers = int.Parse(Arg("--gpu-layers", "-1"), CultureInfo.InvariantCulture);
        LlamaModel loaded;
        try
        {
            loaded = LlamaModel.Load(model, new LlamaCppOptions { Device = device, GpuLayers = gpuLayers });
        }
        catch (Exception e) when (e is LlamaNativeLibraryException or LlamaCppException or PatchBench.Generation.Gguf.GgufFormatException or FileNotFoundException)
        {
            Console.Error.WriteLine($"llama-throughput: {e.Message}");
            return 2;
        }
        using var _ = loaded;
        Console.WriteLine($"model: {model} ({loaded.Description}, {loaded.ParameterCount / 1e6:F1}M params, {loaded.SizeBytes / 1e6:F0} MB), threads {threads}, devices {string.Join(",", LlamaNativeLibrary.Devices())}");
        Console.WriteLine($"system: {LlamaNativeLibrary.SystemInfo()}");
        var ours = new Dictionary<string, List<double>> { ["pp"] = [], ["tg"] = [] };
        var theirs = new Dictionary<string, List<double>> { ["pp"] = [], ["tg"] = [] };
        // Per-round ratios: each pairs two runs made a minute apart, so slow drifts in machine load cancel.
        var ratios = new Dictionary<string, List<double>> { ["pp"] = [], ["tg"] = [] };
        for (var round = 0; round < rounds; round++)
        {
            var roundOurs = new Dictionary<string, double>();
            using (var g = new LlamaCppGenerator(loaded, new LlamaCppOptions { ContextSize = pp, BatchSize = 2048, MicroBatchSize = 512, Threads = threads }))
            {
                var r = LlamaThroughput.PromptProcessing(g, pp, reps);
                roundOurs["pp"] = r.Mean;
                ours["pp"].AddRange(r.Samples);
                Console.WriteLine($"round {round + 1} ours        {r.Test}: {r.Mean,9:F2} ± {r.StandardDeviation:F2} t/s (inside llama.cpp's decode: {r.EngineMean:F2})");
            }
            using (var g = new LlamaCppGenerator(loaded, new LlamaCppOptions { ContextSize = tg, BatchSize = 2048, MicroBatchSize = 512, Threads = threads }))
            {
                var r = LlamaThroughput.Generation(g, tg, reps);
                roundOurs["tg"] = r.Mean;
                ours["tg"].AddRange(r.Samples);
                Console.WriteLine($"round {round + 1} ours        {r.Test}: {r.Mean,9:F2} ± {r.StandardDeviation:F2} t/s (inside llama.cpp's decode: {r.EngineMean:F2})");
            }
            if (llamaBench.Length > 0)
            {
                foreach (var (test, samples) in RunLlamaBench(llamaBench, llamaBenchLibs, model, threads, pp, tg, reps))
                {
                    theirs[test].AddRange(samples);
                    ratios[test].Add(roundOurs[test] / samples.Average());
                    Console.WriteLine($"round {round + 1} llama-bench {test}{(test == "pp" ? pp : tg)}: {samples.Average(),9:F2} t/s");
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"threads {threads}, {rounds} rounds x {reps} repetitions, alternating");
        Console.WriteLine("| test | ours (t/s) | llama-bench (t/s) | ratio of means | per-round ratios: geometric mean (min-max) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var test in new[] { "pp", "tg" })
        {
            var name = test + (test == "pp" ? pp : tg);
            var o = ours[test].Average();
            if (theirs[test].Count == 0) { Console.WriteLine($"| {name} | {o:F2} | - | - | - |"); continue; }
            var t = theirs[test].Average();
            var geo = Math.Exp(ratios[test].Average(Math.Log));
            Console.WriteLine($"| {name} | {o:F2} ± {Sd(ours[test]):F2} | {t:F2} ± {Sd(theirs[test]):F2} | {o / t:F3} | {geo:F3} ({ratios[test].Min():F3}-{ratios[test].Max():F3}) |");
        }
        return 0;
    }

    private static double Sd(List<double> xs) => xs.Count < 2 ? 0 : Math.Sqrt(xs.Sum(x => (x - xs.Average()) * (x - xs.Average())) / (xs.Count - 1));

    private static IEnumerable<(string Test, double[] Samples)> RunLlamaBench(string exe, string libs, string model, int threads, int pp, int tg, int reps)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", model, "-t", threads.ToString(CultureInfo.InvariantCulture), "-p", pp.ToString(CultureInfo.InvariantCulture),
                     "-n", tg.ToString(CultureInfo.InvariantCulture), "-r", reps.ToString(CultureInfo.InvariantCulture), "-o", "json" })
        {
            psi.ArgumentList.Add(a);
        }
        if (libs.Length > 0)
        {
            psi.Environment["LD_LIBRARY_PATH"] = libs;
            psi.WorkingDirectory = libs;
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"llama-bench failed ({p.ExitCode}): {err.Result}");
        foreach (var run in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            var test = run.GetProperty("n_prompt").GetInt32() > 0 ? "pp" : "tg";
            yield return (test, run.GetProperty("samples_ts").EnumerateArray().Select(x => x.GetDouble()).ToArray());
        }
    }
}
