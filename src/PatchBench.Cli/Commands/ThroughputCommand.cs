using System.CommandLine;
using PatchBench.Generation.Throughput;
using PatchBench.Harness.Records;
using System.Globalization;
using System.Text.Json;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Cli.Commands;

/// <summary>
/// <c>patchbench throughput --model M.gguf</c>: a llama-bench-style profile of the in-process
/// llama.cpp backend: prompt processing (pp) and generation (tg) tokens/s, mean ± sd over
/// repetitions, comparable with <c>llama-bench -m M.gguf -p N -n M -t T -r R</c>.
/// </summary>
public static class ThroughputCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var model = new Option<string>("--model", "-m") { Description = "GGUF model file", Required = true };
        var prompt = new Option<int>("--prompt-tokens", "-p") { Description = "prompt tokens per pp test (0 = skip)", DefaultValueFactory = _ => 512 };
        var gen = new Option<int>("--gen-tokens", "-n") { Description = "generated tokens per tg test (0 = skip)", DefaultValueFactory = _ => 128 };
        var reps = new Option<int>("--repetitions", "-r") { Description = "repetitions after one warm-up", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads", "-t") { Description = "threads (0 = physical cores)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "layers to offload with --device cuda (-1 = all)", DefaultValueFactory = _ => -1 };
        var format = new Option<string>("--format") { Description = "md (text), json or csv; json and csv use llama-bench's field names",
            DefaultValueFactory = _ => "md" };
        var output = new Option<string?>("--out") { Description = "also save the profile as JSON in this folder (e.g. results/throughput)" };
        var native = new Option<string?>("--native") { Description =
            "a folder with libllama.so of LLamaSharp's llama.cpp ABI (bench/build-llamasharp-native.sh), as llamacpp:…,native=DIR" };
        var command = new Command("throughput", "llama-bench-style pp/tg tokens/s of a GGUF model through the in-process llama.cpp backend")
        {
            Options = { model, prompt, gen, reps, threads, device, gpuLayers, format, output, native },
        };
        // UserInputException reaches PatchBenchCommand.RunAsync, which prints it as one line with exit code 2.
        command.SetAction(Run);
        return command;

        int Run(ParseResult parse)
        {
            var path = parse.GetValue(model)!;
            var deviceName = parse.GetValue(device) ?? "cpu";
            if (deviceName is not ("cpu" or "cuda")) throw new UserInputException($"--device must be cpu or cuda, got '{deviceName}'");
            var formatName = parse.GetValue(format) ?? "text";
            if (formatName is not ("text" or "md" or "json" or "csv")) throw new UserInputException($"--format must be md, json or csv, got '{formatName}'");
            int p = parse.GetValue(prompt), n = parse.GetValue(gen), r = parse.GetValue(reps);
            if (p < 0 || n < 0 || r < 1) throw new UserInputException("--prompt-tokens and --gen-tokens must be >= 0 and --repetitions >= 1");
            var options = new LlamaCppOptions
            {
                Device = deviceName == "cuda" ? LlamaDevice.Cuda : LlamaDevice.Cpu,
                GpuLayers = parse.GetValue(gpuLayers),
                Threads = parse.GetValue(threads),
                BatchSize = 2048,
                MicroBatchSize = 512,
                NativeDirectory = parse.GetValue(native),
            };
            LlamaModel loaded;
            try
            {
                loaded = LlamaModel.Load(path, options);
            }
            catch (Exception e) when (e is FileNotFoundException or GgufFormatException or LlamaCppException or LlamaNativeLibraryException)
            {
                throw new UserInputException(e.Message);
            }
            using var _ = loaded;
            var results = new List<ThroughputResult>();
            // As llama-bench: a context sized for each test.
            if (p > 0)
            {
                using var g = new LlamaCppGenerator(loaded, options with { ContextSize = p });
                results.Add(LlamaThroughput.PromptProcessing(g, p, r));
            }
            if (n > 0)
            {
                using var g = new LlamaCppGenerator(loaded, options with { ContextSize = n });
                results.Add(LlamaThroughput.Generation(g, n, r));
            }
            var threadCount = options.EffectiveThreads;
            var machine = MachineProbe.Describe();
            double bandwidth = MemoryBandwidth.MeasureGigabytesPerSecond(threadCount);
            var rows = results.Select(t => ThroughputRows.From(t, path, loaded.Description, (long)loaded.SizeBytes, (long)loaded.ParameterCount,
                threadCount, deviceName == "cuda" ? options.GpuLayers : 0, machine.CpuModel ?? "", machine.GpuName ?? "",
                deviceName == "cuda" ? "CUDA" : "CPU", bandwidth)).ToList();
            var json = JsonSerializer.Serialize(rows, LlamaBenchJson.Default.ListLlamaBenchRow);
            if (parse.GetValue(output) is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                var file = Path.Combine(outDir,
                    $"throughput-{Path.GetFileNameWithoutExtension(path)}-{deviceName}-t{threadCount}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}.json");
                File.WriteAllText(file, json + "\n");
                Console.Error.WriteLine($"saved {file}");
            }
            switch (formatName)
            {
                case "json":
                    Console.WriteLine(json);
                    break;
                case "csv":
                    Console.Write(LlamaBenchRow.Csv(rows));
                    break;
                default:
                    Console.WriteLine("| model | size | params | backend | threads | test | t/s | ceiling t/s |");
                    Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
                    foreach (var row in rows)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {row.ModelType} | {row.ModelSize / 1048576.0:F2} MiB | {row.ModelNParams / 1e6:F2} M | {row.Backends} | {row.NThreads} | " +
                                $"{(row.NGen > 0 ? "tg" + row.NGen : "pp" + row.NPrompt)} | {row.AvgTs:F2} ± {row.StddevTs:F2} | " +
                                $"{(row.NGen > 0 ? row.CeilingTs.ToString("F1", CultureInfo.InvariantCulture) : "")} |"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"\nmemory read bandwidth {bandwidth:F1} GB/s ({threadCount} threads): generation cannot exceed " +
                            $"{MemoryBandwidth.GenerationCeiling((long)loaded.SizeBytes, bandwidth):F1} t/s for {loaded.SizeBytes / 1048576.0:F0} MiB of " +
                            $"weights"));
                    break;
            }
            return ExitCodes.Ok;
        }
    }
}
